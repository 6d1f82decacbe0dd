import {execFileSync} from 'node:child_process'
import {mkdtempSync, readFileSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {computeCallNodeTable} from '../analysis/call-tree'
import {deepStacks, EXTREME_TYPES, encodeProfile, wideStacks} from './extreme-profiles'
import {gunzipCapped} from './gunzip'
import {type DecodeResult, decodeInflated, decodeInflatedParallel} from './index'
import {type SubtreeJob, jobBuffers, runJob} from './stack-jobs'
import type {Offload} from './stacks'
import {fixture} from './test-support'

// The stack tree built on two threads must be the one built on one, to the last bit: the same
// stack table, the same call tree in the same order, the same leaf per sample.

/** An offload that runs the jobs here, after a transfer as postMessage's (nothing shared). */
function inThread(opts: Partial<Offload> = {}): Offload & {jobs: number} {
  const offload = {
    jobs: 0,
    minFrames: 0,
    minSamples: 2,
    ...opts,
    run: async (job: SubtreeJob) => {
      offload.jobs++
      const copy = structuredClone(job, {transfer: jobBuffers(job)})
      await Promise.resolve()
      return runJob(copy)
    },
  }
  return offload
}

const CALL_NODE_COLUMNS = [
  'func',
  'inlined',
  'parent',
  'depth',
  'subtreeEnd',
  'stackToCallNode',
] as const

const bytesOf = (a: ArrayBufferView) => Buffer.from(a.buffer, a.byteOffset, a.byteLength)

function expectSame(a: DecodeResult, b: DecodeResult) {
  const columns = (r: DecodeResult) => ({
    frame: r.profile.stacks.frame,
    prefix: r.profile.stacks.prefix,
    sampleStack: r.profile.samples.stack,
    func: r.callNodes.func,
    inlined: r.callNodes.inlined,
    parent: r.callNodes.parent,
    depth: r.callNodes.depth,
    subtreeEnd: r.callNodes.subtreeEnd,
    stackToCallNode: r.callNodes.stackToCallNode,
  })
  const x = columns(a)
  const y = columns(b)
  expect(b.profile.stacks.length).toBe(a.profile.stacks.length)
  expect(b.callNodes.length).toBe(a.callNodes.length)
  expect(b.callNodes.maxDepth).toBe(a.callNodes.maxDepth)
  for (const k of Object.keys(x) as (keyof typeof x)[]) {
    expect(bytesOf(y[k]).equals(bytesOf(x[k])), k).toBe(true)
  }
}

/** A prefix tree: prefix[i] < i, and no two entries with the same (prefix, frame). */
function expectPrefixTree(r: DecodeResult) {
  const {frame, prefix, length} = r.profile.stacks
  const seen = new Set<number>()
  let bad = 0
  for (let i = 0; i < length; i++) {
    if (!(prefix[i] < i)) bad++
    const key = (prefix[i] + 1) * r.profile.frames.length + frame[i]
    if (seen.has(key)) bad++
    seen.add(key)
  }
  expect(bad).toBe(0)
}

async function both(data: Uint8Array, offload: Offload) {
  const one = decodeInflated(data, false, 'p')
  const two = await decodeInflatedParallel(data, false, 'p', offload)
  return {one, two}
}

const fixtures = [
  'heap/heap.pb.gz',
  'leak/heap-005.pb.gz',
  'cpu/cpu.pb.gz',
  'edge/deep-10000.pb.gz',
  'edge/mutual-recursion.pb.gz',
  'edge/drop-frames.pb.gz',
  'edge/inlined.pb.gz',
]

describe('buildStackTreeParallel', () => {
  for (const name of fixtures) {
    it(`gives buildStackTree's tree on ${name}, whatever share goes to the helper`, async () => {
      const data = gunzipCapped(fixture(name), 1 << 30)
      for (const share of [0.1, 0.5, 0.9, 1]) {
        const offload = inThread({share})
        const {one, two} = await both(data, offload)
        expectSame(one, two)
        expectPrefixTree(two)
      }
    })
  }

  describe('on a generated profile of distinct deep stacks', () => {
    let dir = ''
    let data: Uint8Array
    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), 'heapscope-stacks-'))
      const out = join(dir, 'p.pb.gz')
      const script = new URL('../../scripts/gen-profile.mjs', import.meta.url).pathname
      execFileSync(process.execPath, [script, '--samples', '3000', '--seed', '7', '--out', out])
      data = gunzipCapped(new Uint8Array(readFileSync(out)), 1 << 30)
    })
    afterAll(() => rmSync(dir, {recursive: true, force: true}))

    it('hands groups over and gives the same tree', async () => {
      for (const [share, minSamples] of [
        [0.3, 2],
        [0.5, 40],
        [0.8, 200],
      ]) {
        {
          const offload = inThread({share, minSamples})
          const {one, two} = await both(data, offload)
          expect(offload.jobs).toBeGreaterThan(0)
          expectSame(one, two)
          expectPrefixTree(two)
          // And the call tree is the one the page would compute from the stack table.
          const table = computeCallNodeTable(two.profile)
          for (const k of CALL_NODE_COLUMNS) {
            expect(bytesOf(two.callNodes[k]).equals(bytesOf(table[k])), k).toBe(true)
          }
        }
      }
    })

    it('hands nothing over below minFrames, or with a share of 0', async () => {
      for (const opts of [{minFrames: 1e9}, {share: 0}]) {
        const offload = inThread(opts)
        const {one, two} = await both(data, offload)
        expect(offload.jobs).toBe(0)
        expectSame(one, two)
      }
    })
  })

  it('gives the same tree on 20,000-deep and 50,000-wide stacks', async () => {
    for (const samples of [deepStacks(), wideStacks()]) {
      const data = encodeProfile(EXTREME_TYPES, samples)
      const offload = inThread()
      const {one, two} = await both(data, offload)
      expectSame(one, two)
    }
  })

  it('fails when the helper fails', async () => {
    const data = gunzipCapped(fixture('heap/heap.pb.gz'), 1 << 30)
    const offload: Offload = {
      minFrames: 0,
      minSamples: 2,
      run: () => Promise.reject(new Error('the helper is gone')),
    }
    await expect(decodeInflatedParallel(data, false, 'p', offload)).rejects.toThrow(
      'the helper is gone',
    )
  })
})

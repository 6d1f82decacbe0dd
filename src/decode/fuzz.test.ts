import {gunzipSync, gzipSync} from 'node:zlib'
import fc from 'fast-check'
import {describe, expect, it} from 'vitest'
import {computeCallNodeTable} from '../analysis/call-tree'
import type {Profile} from '../model/profile'
import {concat, field, mutate, mutation} from './fuzz-support'
import {ProfileError, decodeProfileBytesTimed} from './index'
import type {CallNodeArrays} from './stacks'
import {fixture} from './test-support'
import {handleDecodeRequest} from './worker-handler'
import type {DecodeResponse} from './worker-protocol'

// Property-based fuzzing of the decoder: whatever the bytes, it returns a valid profile or
// throws ProfileError, never anything else, and within a time bound. Seeded, so that a
// failure reproduces; fast-check prints the seed and the shrunk input.

const SEED = 20261125
// Generous: the inputs are at most tens of kB, decoded in milliseconds; CI machines are slow.
// In CPU time, so that other processes on a busy machine do not count.
const TIME_BOUND_MS = 2000

const FIXTURES = [
  'heap/heap.pb.gz',
  'heap/heap.txt',
  'cpu/cpu.pb.gz',
  'cpu/goroutine.pb.gz',
  'edge/inlined.pb.gz',
  'edge/drop-frames.pb.gz',
  'edge/labels.pb.gz',
  'edge/mutual-recursion.pb.gz',
  'edge/addresses-only.pb.gz',
  'edge/hostile-names.pb.gz',
  'leak/heap-001.pb.gz',
]
// The uncompressed bytes, so that mutations reach the protobuf and text decoders.
const RAW = FIXTURES.map((f) => {
  const b = fixture(f)
  return b[0] === 0x1f && b[1] === 0x8b ? new Uint8Array(gunzipSync(b)) : b
})

/** Throws unless the profile and its call tree hold the model's invariants. */
function checkValid(p: Profile, callNodes: CallNodeArrays): void {
  const fail = (what: string) => {
    throw new Error(`invalid profile: ${what}`)
  }
  if (p.strings[0] !== '') fail('strings[0]')
  if (p.sampleTypes.length === 0) fail('no sample types')
  for (let f = 0; f < p.funcs.length; f++) {
    if (!(p.funcs.name[f] >= 0 && p.funcs.name[f] < p.strings.length)) fail(`func ${f} name`)
    if (!(p.funcs.file[f] >= 0 && p.funcs.file[f] < p.strings.length)) fail(`func ${f} file`)
  }
  for (let i = 0; i < p.frames.length; i++) {
    if (!(p.frames.func[i] >= 0 && p.frames.func[i] < p.funcs.length)) fail(`frame ${i}`)
  }
  for (let i = 0; i < p.stacks.length; i++) {
    if (!(p.stacks.prefix[i] < i && p.stacks.prefix[i] >= -1)) fail(`stack ${i} prefix`)
    if (!(p.stacks.frame[i] >= 0 && p.stacks.frame[i] < p.frames.length)) fail(`stack ${i}`)
  }
  if (p.samples.values.length !== p.sampleTypes.length) fail('value columns')
  for (const column of p.samples.values) {
    if (column.length !== p.samples.length) fail('value column length')
    for (const v of column) if (!Number.isSafeInteger(v)) fail(`value ${v}`)
  }
  for (let s = 0; s < p.samples.length; s++) {
    const st = p.samples.stack[s]
    if (!(st >= -1 && st < p.stacks.length)) fail(`sample ${s} stack`)
  }
  if (!(p.defaultSampleType >= 0 && p.defaultSampleType < p.sampleTypes.length)) fail('default')
  // The call tree built with the stacks is the one analysis would build from them.
  const expected = computeCallNodeTable(p)
  if (expected.length !== callNodes.length || expected.maxDepth !== callNodes.maxDepth) {
    fail('call tree size')
  }
  const keys = ['func', 'inlined', 'parent', 'depth', 'subtreeEnd', 'stackToCallNode'] as const
  for (const k of keys) {
    const a = expected[k]
    const b = callNodes[k]
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) fail(`call tree ${k}[${i}]`)
  }
}

/** The property itself: a valid profile or a ProfileError, in time. */
function decodesOrRefuses(bytes: Uint8Array): void {
  const started = process.cpuUsage()
  try {
    const {profile, callNodes} = decodeProfileBytesTimed(bytes, 'fuzz.pb', {
      maxDecompressedBytes: 64 * 1024 * 1024,
    })
    checkValid(profile, callNodes)
  } catch (e) {
    if (!(e instanceof ProfileError)) throw e
    expect(e.message.length).toBeGreaterThan(0)
  }
  const cpu = process.cpuUsage(started)
  expect((cpu.user + cpu.system) / 1000).toBeLessThan(TIME_BOUND_MS)
}

const runs = (numRuns: number) => ({seed: SEED, numRuns, endOnFailure: true})

describe('decoder fuzzing', () => {
  it('random bytes, raw and behind a gzip header', () => {
    const input = fc.oneof(
      fc.uint8Array({maxLength: 4096}),
      fc.uint8Array({maxLength: 512}).map((b) => concat(Uint8Array.of(0x1f, 0x8b, 8, 0), b)),
      fc.uint8Array({maxLength: 512}).map((b) => new Uint8Array(gzipSync(b))),
    )
    fc.assert(fc.property(input, decodesOrRefuses), runs(1500))
  })

  it('mutated real profiles, raw and gzipped', () => {
    const input = fc
      .tuple(
        fc.integer({min: 0, max: RAW.length - 1}),
        fc.array(mutation, {minLength: 1, maxLength: 4}),
        fc.integer({min: 0, max: 2}),
      )
      .map(([i, mutations, how]) => {
        // 0: the raw bytes mutated; 1: mutated, then gzipped; 2: gzipped, then mutated.
        if (how === 2) return mutate(new Uint8Array(gzipSync(RAW[i])), mutations)
        const mutated = mutate(RAW[i], mutations)
        return how === 1 ? new Uint8Array(gzipSync(mutated)) : mutated
      })
    fc.assert(fc.property(input, decodesOrRefuses), runs(2500))
  })

  it('real profiles with one byte changed (most still decode, deep in the tables)', () => {
    const input = fc
      .tuple(fc.integer({min: 0, max: RAW.length - 1}), fc.nat(), fc.integer({min: 0, max: 255}))
      .map(([i, at, value]) => {
        const b = RAW[i].slice()
        b[at % b.length] = value
        return b
      })
    fc.assert(fc.property(input, decodesOrRefuses), runs(1500))
  })

  it('protobuf-shaped noise', () => {
    const input = fc.array(field, {maxLength: 24}).map((fields) => concat(...fields))
    fc.assert(fc.property(input, decodesOrRefuses), runs(1000))
  })

  it('in the worker (native inflate, fflate fallback): a profile or a plain error', async () => {
    const input = fc
      .tuple(fc.integer({min: 0, max: RAW.length - 1}), fc.array(mutation, {maxLength: 3}))
      .map(([i, mutations]) => mutate(new Uint8Array(gzipSync(RAW[i])), mutations))
    await fc.assert(
      fc.asyncProperty(input, async (bytes) => {
        const messages: DecodeResponse[] = []
        const request = {input: new Blob([bytes.slice()]), fileName: 'fuzz.pb.gz'}
        await handleDecodeRequest(request, (m) => messages.push(m))
        const last = messages.at(-1)!
        if (last.type === 'error') expect(last.internal, last.message).toBe(false)
        else {
          expect(last.type).toBe('done')
          if (last.type === 'done') checkValid(last.profile, last.callNodes)
        }
      }),
      runs(300),
    )
  })
})

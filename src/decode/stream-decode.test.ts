import {gunzipSync, gzipSync} from 'node:zlib'
import fc from 'fast-check'
import {describe, expect, it} from 'vitest'
import {FakeHelper, type FakeMode} from './fake-helper'
import {concat, mutate, mutation} from './fuzz-support'
import {type StackHelper, startStackHelper} from './stack-helper'
import {fixture, fixtureText, makeProfile} from './test-support'
import {handleDecodeRequest} from './worker-handler'
import type {DecodeResponse} from './worker-protocol'

// The decode worker with a stack helper that inflates (here a fake that runs helper-inflate.ts
// in this thread): whatever the file, the same last message as without the helper, where the
// file is inflated and decoded the way it was before streaming.

const MiB = 1024 * 1024

async function readyHelper(mode: FakeMode = 'work', inflateMode: FakeMode = 'work') {
  const fake = new FakeHelper(mode, inflateMode)
  const helper = startStackHelper(() => fake, 2)!
  fake.reply({type: 'ready'})
  await new Promise((r) => setTimeout(r))
  return {fake, helper}
}

/** All the messages of one decode, through the handler. */
async function decode(bytes: Uint8Array, helper: StackHelper | null, cap?: number) {
  const messages: DecodeResponse[] = []
  const request = {input: new Blob([bytes.slice()]), fileName: 'x.pb.gz', maxDecompressedBytes: cap}
  await handleDecodeRequest(request, (m) => messages.push(m), helper)
  return messages
}

/** The last message without what differs from run to run (timings, the profile's id). */
function outcome(messages: DecodeResponse[]): unknown {
  const last = messages.at(-1)!
  if (last.type !== 'done') return last
  const {id: _, ...profile} = last.profile
  return {type: 'done', profile, callNodes: last.callNodes}
}

/** Decodes with a streaming helper and without any: the same outcome; the streamed timings. */
async function sameWithHelper(bytes: Uint8Array, cap?: number) {
  const {fake, helper} = await readyHelper()
  const streamed = await decode(bytes, helper, cap)
  const alone = await decode(bytes, null, cap)
  expect(outcome(streamed)).toEqual(outcome(alone))
  expect(fake.inflations).toBe(1)
  const last = streamed.at(-1)!
  return {last, messages: streamed, timings: last.type === 'done' ? last.timings : null}
}

/** A profile of 3 MB or so, so that the helper sends several pieces with fields across them. */
function bigProfile(): Uint8Array {
  const functions = Array.from({length: 300}, (_, i) => `main.f${i}`)
  const samples = Array.from({length: 40_000}, (_, s) => ({
    locations: Array.from({length: 10 + (s % 23)}, (_, d) => 1 + ((s * 7 + d * 13) % 300)),
    values: [s, s * 3],
  }))
  return makeProfile({types: [['a', 'count'], ['b', 'bytes']], samples, functions})
}

const RAW = [
  ...['heap/heap.pb.gz', 'leak/heap-005.pb.gz', 'cpu/cpu.pb.gz', 'edge/deep-10000.pb.gz'].map(
    (f) => new Uint8Array(gunzipSync(fixture(f))),
  ),
  bigProfile(),
]
const gz = (b: Uint8Array) => new Uint8Array(gzipSync(b))

describe('parsing while the stack helper inflates', () => {
  it('gives the profile of the whole-file decoder, its stages and timings', async () => {
    for (const raw of RAW) {
      expect(raw.length).toBeGreaterThan(4096) // streamed, not just gathered
      const {timings, messages} = await sameWithHelper(gz(raw))
      // Parsed while inflated: the parsing in all is not just what came after the inflation.
      expect(timings?.decodeWorkMs).toBeGreaterThan(0)
      expect(timings?.decodeWorkMs).not.toBe(timings?.decodeMs)
      const stages = messages.flatMap((m) => (m.type === 'progress' ? [m.progress.stage] : []))
      expect([...new Set(stages)]).toEqual(['reading', 'inflating', 'decoding', 'building'])
    }
  })

  it('gives the same errors, for a bad profile and for data that is not one', async () => {
    const text = new TextEncoder().encode('x'.repeat(10_000))
    const png = concat(Uint8Array.of(0x89, 0x50, 0x4e, 0x47), new Uint8Array(10_000))
    const cut = RAW[4].subarray(0, RAW[4].length - 3)
    for (const bytes of [text, png, cut]) {
      const {last} = await sameWithHelper(gz(bytes))
      expect(last).toMatchObject({type: 'error', internal: false})
    }
  })

  it('leaves gzip inside gzip, heap text and small files to the whole-file decoder', async () => {
    const heapText = new TextEncoder().encode(fixtureText('heap/heap.txt'))
    const small = RAW[0].subarray(0, 100)
    for (const bytes of [gz(fixture('heap/heap.pb.gz')), gz(heapText), gz(small)]) {
      await sameWithHelper(bytes)
    }
  })

  it('falls back to fflate when the platform refuses the data after streaming it', async () => {
    // A wrong CRC: DecompressionStream rejects it at the very end, fflate does not check it.
    const bytes = gz(RAW[1])
    bytes[bytes.length - 8] ^= 1
    const {last} = await sameWithHelper(bytes)
    expect(last.type).toBe('done')
    // Two members: Node's DecompressionStream reads both, Chromium refuses the second.
    await sameWithHelper(concat(gz(RAW[0]), gz(new Uint8Array(0))))
  })

  it('refuses a bomb at the cap, with the same message', async () => {
    const {last} = await sameWithHelper(gz(new Uint8Array(8 * MiB)), MiB)
    expect(last).toEqual({
      type: 'error',
      internal: false,
      message: expect.stringMatching(/inflates to more than 1 MiB, the limit/),
    })
    // A protobuf-shaped bomb too: samples over and over, each parsed as it comes.
    const one = makeProfile({samples: [{locations: [1, 2], values: [1]}], functions: ['a', 'b']})
    const many = new Uint8Array(one.length * 40_000).map((_, i) => one[i % one.length])
    await sameWithHelper(gz(many), MiB)
  })

  for (const inflateMode of ['throw', 'crash'] as const) {
    it(`decodes here alone when the helper fails while inflating (${inflateMode})`, async () => {
      const {fake, helper} = await readyHelper('work', inflateMode)
      const messages = await decode(gz(RAW[0]), helper)
      expect(outcome(messages)).toEqual(outcome(await decode(gz(RAW[0]), null)))
      expect(fake.terminated).toBe(true)
      expect(helper.available).toBe(false)
    })
  }

  it('fuzz: mutated gzipped profiles give what they give without the helper', async () => {
    const input = fc
      .tuple(
        fc.integer({min: 0, max: 2}), // the small ones
        fc.array(mutation, {maxLength: 3}),
        fc.boolean(),
      )
      .map(([i, mutations, before]) =>
        before ? gz(mutate(RAW[i], mutations)) : mutate(gz(RAW[i]), mutations),
      )
    await fc.assert(
      fc.asyncProperty(input, async (bytes) => {
        if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) {
          await sameWithHelper(bytes, 16 * MiB)
        }
      }),
      {seed: 20261127, numRuns: 150, endOnFailure: true},
    )
  })
})

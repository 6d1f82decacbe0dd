import {readdirSync} from 'node:fs'
import {gunzipSync} from 'node:zlib'
import fc from 'fast-check'
import {describe, expect, it} from 'vitest'
import {concat, field, mutate, mutation, varint} from './fuzz-support'
import {decodeProtobuf} from './protobuf'
import {ProtobufStream, fieldEnd} from './protobuf-stream'
import type {RawProfile} from './raw'
import {GrowableFloat64, GrowableInt32} from './tables'
import {fixture, makeProfile} from './test-support'

// The streaming decoder against decodeProtobuf on the whole data: the same RawProfile, or the
// same error (type and message), for any bytes and any split into chunks. Seeded.

const SEED = 20261126

/** Every protobuf fixture, uncompressed (a file that does not gunzip is taken as it is). */
const RAW = ['cpu', 'edge', 'heap', 'leak'].flatMap((dir) =>
  readdirSync(new URL(`../../fixtures/${dir}`, import.meta.url))
    .filter((f) => f.endsWith('.pb.gz') || f.endsWith('.pb'))
    .map((f) => {
      const b = fixture(`${dir}/${f}`)
      try {
        return new Uint8Array(gunzipSync(b))
      } catch {
        return b
      }
    }),
)

type Outcome = {raw: unknown} | {error: string; message: string}

/** What decoding gives, comparable with toEqual: the tables as plain arrays, or the error. */
function outcome(decode: () => RawProfile): Outcome {
  try {
    return {raw: plain(decode())}
  } catch (e) {
    if (!(e instanceof Error)) throw e
    return {error: e.constructor.name, message: e.message}
  }
}

/** A RawProfile with its growable arrays cut to their length (their capacity may differ). */
function plain(value: unknown): unknown {
  if (value instanceof GrowableInt32 || value instanceof GrowableFloat64) {
    return Array.from(value.toArray())
  }
  if (value instanceof Map || value === null || typeof value !== 'object') return value
  if (Array.isArray(value)) return value
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]))
}

/** How to cut the data: 1-byte chunks, cycling chunk sizes, or a few cuts anywhere. */
const chunking = fc.oneof(
  fc.constant({kind: 'bytes' as const}),
  fc.record({
    kind: fc.constant('sizes' as const),
    sizes: fc.array(fc.integer({min: 0, max: 40}), {minLength: 1, maxLength: 20}),
  }),
  fc.record({kind: fc.constant('cuts' as const), cuts: fc.array(fc.nat(), {maxLength: 6})}),
)
type Chunking = typeof chunking extends fc.Arbitrary<infer T> ? T : never

/** The chunks (copies, as if posted by a worker), empty ones included where sizes say 0. */
function split(bytes: Uint8Array, how: Chunking): Uint8Array[] {
  const ends: number[] = []
  if (how.kind === 'bytes') for (let i = 1; i <= bytes.length; i++) ends.push(i)
  else if (how.kind === 'cuts') {
    ends.push(...how.cuts.map((c) => c % (bytes.length + 1)).sort((a, b) => a - b), bytes.length)
  } else {
    for (let at = 0, i = 0; at < bytes.length; i++) {
      at = Math.min(bytes.length, at + how.sizes[i % how.sizes.length])
      ends.push(at)
      if (i > 4 * bytes.length + 8) ends.push((at = bytes.length)) // sizes all 0
    }
  }
  let from = 0
  return ends.map((end) => bytes.slice(from, (from = end)))
}

function streamed(chunks: Uint8Array[], sizeHint: number): RawProfile {
  const stream = new ProtobufStream(sizeHint)
  for (const c of chunks) stream.push(c)
  return stream.finish()
}

/** The property: chunked, the stream decodes as decodeProtobuf does on the whole. */
function sameAsWhole(bytes: Uint8Array, how: Chunking): void {
  const whole = outcome(() => decodeProtobuf(bytes))
  expect(outcome(() => streamed(split(bytes, how), bytes.length >> 2))).toEqual(whole)
}

const runs = (numRuns: number) => ({seed: SEED, numRuns, endOnFailure: true})
const someFixture = fc.integer({min: 0, max: RAW.length - 1})

describe('the streaming protobuf decoder', () => {
  it('decodes every fixture as the whole-buffer decoder, in 1-byte chunks too', () => {
    let decoded = 0
    for (const bytes of RAW) {
      for (const how of [{kind: 'bytes'}, {kind: 'sizes', sizes: [1000]}] as Chunking[]) {
        const whole = outcome(() => decodeProtobuf(bytes))
        if ('raw' in whole) decoded++
        expect(outcome(() => streamed(split(bytes, how), 0))).toEqual(whole)
      }
    }
    expect(decoded).toBeGreaterThan(30)
  })

  it('real profiles, mutated, chunked at random', () => {
    const input = fc.tuple(someFixture, fc.array(mutation, {maxLength: 4}), chunking)
    fc.assert(
      fc.property(input, ([i, mutations, how]) => sameAsWhole(mutate(RAW[i], mutations), how)),
      runs(400),
    )
  })

  it('real profiles cut anywhere, and with one byte changed', () => {
    const byte = fc.integer({min: 0, max: 255})
    const input = fc.tuple(someFixture, fc.nat(), fc.nat(), byte, chunking)
    fc.assert(
      fc.property(input, ([i, cut, at, value, how]) => {
        const b = RAW[i].slice(0, cut % (RAW[i].length + 1))
        sameAsWhole(b, how)
        if (b.length > 0) b[at % b.length] = value
        sameAsWhole(b, how)
      }),
      runs(400),
    )
  })

  it('random bytes and protobuf-shaped noise', () => {
    const noise = fc.oneof(
      fc.uint8Array({maxLength: 600}),
      fc.array(field, {maxLength: 24}).map((fields) => concat(...fields)),
      // Long varints, tags and lengths near the limits, split where they straddle chunks.
      fc
        .array(
          fc.oneof(
            fc.bigInt({min: 0n, max: 2n ** 70n}).map((v) => varint(v)),
            fc.uint8Array({minLength: 1, maxLength: 12}).map((b) => b.map((x) => x | 0x80)),
          ),
          {maxLength: 8},
        )
        .map((parts) => concat(...parts)),
    )
    fc.assert(fc.property(noise, chunking, sameAsWhole), runs(2000))
  })

  it('gives error positions from the start of the data', () => {
    const good = makeProfile({
      types: [['inuse_space', 'bytes']],
      samples: [{locations: [1], values: [1]}],
      functions: ['main.main'],
    })
    const bytes = concat(good, Uint8Array.of(0x12, 0x20, 1, 2)) // a sample of 32 bytes, cut
    const expected = /^a field of 32 bytes at byte \d+ runs past the end of the data$/
    const whole = outcome(() => decodeProtobuf(bytes))
    expect(whole).toEqual({error: 'WireError', message: expect.stringMatching(expected)})
    expect(outcome(() => streamed(split(bytes, {kind: 'bytes'}), 0))).toEqual(whole)
  })
})

describe('fieldEnd', () => {
  it('tells where a field ends, or that it cannot tell yet', () => {
    const tagged = (tag: number, ...rest: number[]) => Uint8Array.of(tag, ...rest)
    expect(fieldEnd(tagged(0x08, 0x96, 0x01), 0, 3)).toBe(3) // varint
    expect(fieldEnd(tagged(0x08, 0x96), 0, 2)).toBe(-1)
    expect(fieldEnd(tagged(0x12, 5), 0, 2)).toBe(7) // 5 bytes of body to come
    expect(fieldEnd(tagged(0x12), 0, 1)).toBe(-1)
    expect(fieldEnd(tagged(0x09), 0, 1)).toBe(9) // fixed64
    expect(fieldEnd(tagged(0x0d), 0, 1)).toBe(5) // fixed32
    expect(fieldEnd(tagged(0x0b), 0, 1)).toBe(1) // a group: an error right after the tag
    // A tag of 5 bytes that is too large is decided there.
    expect(fieldEnd(Uint8Array.of(0xff, 0xff, 0xff, 0xff, 0x0f), 0, 5)).toBe(5)
    expect(fieldEnd(new Uint8Array(12).fill(0x80).fill(0x08, 0, 1), 0, 12)).toBe(11)
  })
})

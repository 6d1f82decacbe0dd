/**
 * Generators for the decoder's property tests (imported by *.test.ts only): mutations of byte
 * arrays and protobuf-shaped noise.
 */
import fc from 'fast-check'

/** A mutation of a byte array: flips, overwrites, insertions, deletions, cuts, repeats. */
const kind = <K extends string>(k: K) => fc.constant(k)
export const mutation = fc.oneof(
  fc.record({kind: kind('flip'), at: fc.nat(), bit: fc.integer({min: 0, max: 7})}),
  fc.record({kind: kind('set'), at: fc.nat(), value: fc.integer({min: 0, max: 255})}),
  fc.record({kind: kind('insert'), at: fc.nat(), bytes: fc.uint8Array({maxLength: 16})}),
  fc.record({kind: kind('delete'), at: fc.nat(), length: fc.integer({min: 1, max: 64})}),
  fc.record({kind: kind('cut'), at: fc.nat()}),
  fc.record({kind: kind('repeat'), at: fc.nat(), length: fc.integer({min: 1, max: 256})}),
)
export type Mutation = typeof mutation extends fc.Arbitrary<infer T> ? T : never

export function mutate(bytes: Uint8Array, mutations: Mutation[]): Uint8Array {
  let b = bytes
  for (const m of mutations) {
    if (b.length === 0) break
    const at = m.at % b.length
    const copy = () => (b = b.slice())
    if (m.kind === 'flip') copy()[at] ^= 1 << m.bit
    else if (m.kind === 'set') copy()[at] = m.value
    else if (m.kind === 'insert') b = concat(b.subarray(0, at), m.bytes, b.subarray(at))
    else if (m.kind === 'delete') b = concat(b.subarray(0, at), b.subarray(at + m.length))
    else if (m.kind === 'cut') b = b.slice(0, at)
    else b = concat(b.subarray(0, at + m.length), b.subarray(at))
  }
  return b
}

export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let at = 0
  for (const p of parts) {
    out.set(p, at)
    at += p.length
  }
  return out
}

/** Protobuf-shaped noise: fields of Profile and its messages with random numbers and types. */
export const field: fc.Arbitrary<Uint8Array> = fc.letrec<{field: Uint8Array}>((tie) => ({
  field: fc.oneof(
    {depthSize: 'small'},
    fc
      .tuple(fc.integer({min: 1, max: 16}), fc.bigInt({min: -(2n ** 63n), max: 2n ** 64n - 1n}))
      .map(([f, v]) => concat(varint(BigInt(f << 3)), varint(BigInt.asUintN(64, v)))),
    fc
      .tuple(fc.integer({min: 1, max: 16}), fc.array(tie('field'), {maxLength: 6}))
      .map(([f, inner]) => {
        const body = concat(...inner)
        return concat(varint(BigInt((f << 3) | 2)), varint(BigInt(body.length)), body)
      }),
    fc
      .tuple(
        fc.integer({min: 1, max: 16}),
        fc.integer({min: 0, max: 7}),
        fc.uint8Array({maxLength: 12}),
      )
      .map(([f, wt, rest]) => concat(varint(BigInt((f << 3) | wt)), rest)),
  ),
})).field

export function varint(v: bigint): Uint8Array {
  const out: number[] = []
  let x = v
  while (x >= 0x80n) {
    out.push(Number(x & 0x7fn) | 0x80)
    x >>= 7n
  }
  out.push(Number(x))
  return Uint8Array.from(out)
}

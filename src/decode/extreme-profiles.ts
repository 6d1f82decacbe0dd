/**
 * Valid but extreme pprof profiles, encoded here for tests (unit and end-to-end): stacks
 * 20,000 frames deep, 50,000 siblings, 10,000-character names, negative values, empty stacks.
 * A small protobuf writer of its own: test-support.ts's Pb keeps bytes in a plain array and
 * looks strings up linearly, which is too slow at these sizes.
 */

/** One sample: function names leaf first, one value per sample type. */
export interface ExtremeSample {
  stack: string[]
  values: number[]
}

/** A growable byte buffer with protobuf's varint and length-delimited encodings. */
class Writer {
  buf: Uint8Array
  length = 0

  constructor(capacity = 64) {
    this.buf = new Uint8Array(capacity)
  }

  private room(n: number): void {
    if (this.length + n <= this.buf.length) return
    let size = this.buf.length * 2
    while (size < this.length + n) size *= 2
    const bigger = new Uint8Array(size)
    bigger.set(this.buf.subarray(0, this.length))
    this.buf = bigger
  }

  varint(v: number): this {
    this.room(10)
    if (v >= 0 && v < 0x80000000) {
      while (v >= 0x80) {
        this.buf[this.length++] = (v & 0x7f) | 0x80
        v >>>= 7
      }
      this.buf[this.length++] = v
      return this
    }
    // Two's complement for negatives, as int64.
    let x = BigInt.asUintN(64, BigInt(v))
    while (x >= 0x80n) {
      this.buf[this.length++] = Number(x & 0x7fn) | 0x80
      x >>= 7n
    }
    this.buf[this.length++] = Number(x)
    return this
  }

  int(field: number, v: number): this {
    return this.varint(field << 3).varint(v)
  }

  bytes(field: number, b: Uint8Array): this {
    this.varint((field << 3) | 2).varint(b.length)
    this.room(b.length)
    this.buf.set(b, this.length)
    this.length += b.length
    return this
  }

  message(field: number, m: Writer): this {
    return this.bytes(field, m.buf.subarray(0, m.length))
  }

  packed(field: number, vs: number[]): this {
    const inner = new Writer()
    for (const v of vs) inner.varint(v)
    return this.message(field, inner)
  }

  done(): Uint8Array {
    return this.buf.slice(0, this.length)
  }
}

/**
 * Encodes a profile: one function and one location per distinct name (ids in order of first
 * use), the given sample types, one mapping, strings last as Go writes them.
 */
export function encodeProfile(
  types: [string, string][],
  samples: ExtremeSample[],
): Uint8Array {
  const strings = new Map<string, number>([['', 0]])
  const str = (s: string) => {
    let i = strings.get(s)
    if (i === undefined) strings.set(s, (i = strings.size))
    return i
  }
  const funcs = new Map<string, number>()
  const fn = (name: string) => {
    let id = funcs.get(name)
    if (id === undefined) funcs.set(name, (id = funcs.size + 1))
    return id
  }
  const w = new Writer(1 << 16)
  for (const [type, unit] of types) w.message(1, new Writer().int(1, str(type)).int(2, str(unit)))
  for (const s of samples) {
    w.message(2, new Writer().packed(1, s.stack.map(fn)).packed(2, s.values))
  }
  w.message(3, new Writer().int(1, 1).int(5, str('/bin/extreme')))
  for (const [name, id] of funcs) {
    const line = new Writer().int(1, id).int(2, 10)
    w.message(4, new Writer().int(1, id).int(2, 1).message(4, line))
    w.message(5, new Writer().int(1, id).int(2, str(name)).int(3, str(name)).int(4, str('x.go')))
  }
  const encoder = new TextEncoder()
  for (const s of strings.keys()) w.bytes(6, encoder.encode(s))
  return w.done()
}

/** 20,000 frames: main → deep.f1 → … → deep.f19999, and one short sibling stack. */
export function deepStacks(depth = 20000): ExtremeSample[] {
  const stack = ['main']
  for (let i = 1; i < depth; i++) stack.push(`deep.f${i}`)
  return [
    {stack: stack.slice().reverse(), values: [3, 3000]},
    {stack: ['deep.g', 'main'], values: [1, 100]},
  ]
}

/** main with 50,000 callees, one sample each. */
export function wideStacks(width = 50000): ExtremeSample[] {
  const out: ExtremeSample[] = []
  for (let i = 0; i < width; i++) out.push({stack: [`wide.child${i}`, 'main'], values: [1, 8]})
  return out
}

/** Three functions named with 10,000 characters each. */
export function longNameStacks(chars = 10000): ExtremeSample[] {
  const name = (c: string) => `long.${c.repeat(chars - 5)}`
  return [{stack: [name('c'), name('b'), name('a'), 'main'], values: [2, 200]}]
}

/** A sample with negative values (as a -base difference has) and samples with no frames. */
export function oddValueStacks(): ExtremeSample[] {
  return [
    {stack: ['odd.negative', 'main'], values: [-4, -400]},
    {stack: ['odd.positive', 'main'], values: [5, 500]},
    {stack: [], values: [7, 700]},
    {stack: [], values: [-1, -10]},
  ]
}

/** The sample types of the extreme profiles. */
export const EXTREME_TYPES: [string, string][] = [
  ['objects', 'count'],
  ['space', 'bytes'],
]

/** All of the above in one profile (what the end-to-end test opens). */
export function extremeProfile(): Uint8Array {
  return encodeProfile(EXTREME_TYPES, [
    ...deepStacks(),
    ...wideStacks(),
    ...longNameStacks(),
    ...oddValueStacks(),
  ])
}

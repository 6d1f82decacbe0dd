/**
 * Growable typed arrays and open-addressing hash tables over them: the decoder's hot path keeps
 * profile data in typed arrays and never makes a JS object per sample, location or stack.
 */

/** An Int32Array that grows by doubling; `data` is valid up to `length`. */
export class GrowableInt32 {
  data: Int32Array
  length = 0

  constructor(capacity = 1024) {
    this.data = new Int32Array(Math.max(16, capacity))
  }

  push(value: number): void {
    if (this.length === this.data.length) this.grow(this.length + 1)
    this.data[this.length++] = value
  }

  /** Makes room for at least `capacity` elements. */
  grow(capacity: number): void {
    if (capacity <= this.data.length) return
    const next = new Int32Array(Math.max(capacity, this.data.length * 2))
    next.set(this.data.subarray(0, this.length))
    this.data = next
  }

  /** An exact-size copy, so that a transfer to another thread moves no unused capacity. */
  toArray(): Int32Array {
    return this.data.slice(0, this.length)
  }
}

/** A Float64Array that grows by doubling; `data` is valid up to `length`. */
export class GrowableFloat64 {
  data: Float64Array
  length = 0

  constructor(capacity = 1024) {
    this.data = new Float64Array(Math.max(16, capacity))
  }

  push(value: number): void {
    if (this.length === this.data.length) this.grow(this.length + 1)
    this.data[this.length++] = value
  }

  grow(capacity: number): void {
    if (capacity <= this.data.length) return
    const next = new Float64Array(Math.max(capacity, this.data.length * 2))
    next.set(this.data.subarray(0, this.length))
    this.data = next
  }

  toArray(): Float64Array {
    return this.data.slice(0, this.length)
  }
}

function hashPair(a: number, b: number): number {
  let h = Math.imul(a, 0x9e3779b1) ^ Math.imul(b ^ 0x6c8e9cf5, 0x85ebca77)
  h ^= h >>> 15
  h = Math.imul(h, 0x2c1b3c6d)
  return h ^ (h >>> 13)
}

/**
 * Interns pairs of int32 (a, b) to dense indices 0, 1, 2… in insertion order, e.g. frames as
 * (func·2+inlined, line). Open addressing with linear probing; each slot holds its key next to
 * its value, so that a probe touches one cache line.
 */
export class IntPairTable {
  a: GrowableInt32
  b: GrowableInt32
  private slots: Int32Array // per slot: a, b, index + 1 (0 = empty)
  private mask: number
  private limit: number

  constructor(capacity = 1024) {
    this.a = new GrowableInt32(capacity)
    this.b = new GrowableInt32(capacity)
    const size = tableSize(capacity)
    this.slots = new Int32Array(size * 3)
    this.mask = size - 1
    this.limit = size * LOAD
  }

  get length(): number {
    return this.a.length
  }

  /** The index of (a, b), added if new. */
  intern(a: number, b: number): number {
    const slots = this.slots
    const mask = this.mask
    let i = hashPair(a, b) & mask
    for (;;) {
      const o = i * 3
      const e = slots[o + 2]
      if (e === 0) break
      if (slots[o] === a && slots[o + 1] === b) return e - 1
      i = (i + 1) & mask
    }
    const index = this.a.length
    this.a.push(a)
    this.b.push(b)
    const o = i * 3
    slots[o] = a
    slots[o + 1] = b
    slots[o + 2] = index + 1
    if (index + 1 > this.limit) this.rehash()
    return index
  }

  private rehash(): void {
    const size = (this.mask + 1) * 2
    const slots = new Int32Array(size * 3)
    const mask = size - 1
    const as = this.a.data
    const bs = this.b.data
    for (let e = 0; e < this.a.length; e++) {
      let i = hashPair(as[e], bs[e]) & mask
      while (slots[i * 3 + 2] !== 0) i = (i + 1) & mask
      slots[i * 3] = as[e]
      slots[i * 3 + 1] = bs[e]
      slots[i * 3 + 2] = e + 1
    }
    this.slots = slots
    this.mask = mask
    this.limit = size * LOAD
  }
}

const LOAD = 0.7

function tableSize(capacity: number): number {
  let size = 64
  while (size * LOAD < capacity) size *= 2
  return size
}

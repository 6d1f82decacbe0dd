/**
 * Set of 64-bit hashes given as two 32-bit halves, open addressing in typed arrays: a few
 * bytes per entry and no boxed numbers, where a Set of millions of doubles is slow and large.
 */
export class HashSet64 {
  /** @param {number} capacity power of two */
  constructor(capacity = 1 << 16) {
    this.size = 0
    this.mask = capacity - 1
    this.lo = new Int32Array(capacity)
    this.hi = new Int32Array(capacity)
  }

  /**
   * Adds the hash; returns false when it was already there.
   * @param {number} a first 32 bits
   * @param {number} b second 32 bits; (a, b) = (0, 0) is treated as (0, 1)
   * @returns {boolean}
   */
  add(a, b) {
    a |= 0
    b |= 0
    if (a === 0 && b === 0) b = 1
    let i = (a ^ Math.imul(b, 0x9e3779b1)) & this.mask
    for (;;) {
      const x = this.lo[i]
      const y = this.hi[i]
      if (x === 0 && y === 0) break
      if (x === a && y === b) return false
      i = (i + 1) & this.mask
    }
    this.lo[i] = a
    this.hi[i] = b
    if (++this.size * 2 > this.mask) this.grow()
    return true
  }

  /** @param {number} a @param {number} b @returns {boolean} */
  has(a, b) {
    a |= 0
    b |= 0
    if (a === 0 && b === 0) b = 1
    let i = (a ^ Math.imul(b, 0x9e3779b1)) & this.mask
    for (;;) {
      const x = this.lo[i]
      const y = this.hi[i]
      if (x === 0 && y === 0) return false
      if (x === a && y === b) return true
      i = (i + 1) & this.mask
    }
  }

  grow() {
    const {lo, hi} = this
    const capacity = (this.mask + 1) * 2
    this.mask = capacity - 1
    this.lo = new Int32Array(capacity)
    this.hi = new Int32Array(capacity)
    this.size = 0
    for (let i = 0; i < lo.length; i++) if (lo[i] !== 0 || hi[i] !== 0) this.add(lo[i], hi[i])
  }
}

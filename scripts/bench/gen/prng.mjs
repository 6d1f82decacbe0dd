// Seeded PRNG (sfc32 seeded through splitmix32): pure 32-bit integer math, so the same seed
// gives the same stream on every machine and Node version.

/**
 * @typedef {object} Rng
 * @property {() => number} u32 uniform integer in [0, 2^32)
 * @property {() => number} next uniform float in [0, 1)
 * @property {(n: number) => number} int uniform integer in [0, n)
 * @property {(lo: number, hi: number) => number} range uniform integer in [lo, hi]
 * @property {<T>(items: readonly T[]) => T} pick uniform element
 * @property {(p: number) => boolean} chance true with probability p
 */

/**
 * Creates a deterministic random number generator.
 * @param {number} seed any integer
 * @returns {Rng}
 */
export function createRng(seed) {
  let s = seed >>> 0
  const splitmix = () => {
    s = (s + 0x9e3779b9) >>> 0
    let z = s
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b)
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35)
    return (z ^ (z >>> 16)) >>> 0
  }
  let a = splitmix()
  let b = splitmix()
  let c = splitmix()
  let d = splitmix()
  const u32 = () => {
    const t = (((a + b) | 0) + d) | 0
    d = (d + 1) | 0
    a = b ^ (b >>> 9)
    b = (c + (c << 3)) | 0
    c = (c << 21) | (c >>> 11)
    c = (c + t) | 0
    return t >>> 0
  }
  for (let i = 0; i < 12; i++) u32()
  const next = () => u32() / 4294967296
  const int = (/** @type {number} */ n) => Math.floor(next() * n)
  return {
    u32,
    next,
    int,
    range: (lo, hi) => lo + int(hi - lo + 1),
    pick: (items) => items[int(items.length)],
    chance: (p) => next() < p,
  }
}

/**
 * Cumulative weights for a Zipf-like choice among n items (item 0 most likely).
 * @param {number} n
 * @param {number} exponent larger means more skewed
 * @returns {Float64Array}
 */
export function zipfTable(n, exponent) {
  const cum = new Float64Array(n)
  let total = 0
  for (let i = 0; i < n; i++) {
    total += 1 / Math.pow(i + 1, exponent)
    cum[i] = total
  }
  for (let i = 0; i < n; i++) cum[i] /= total
  return cum
}

/**
 * Index drawn from a cumulative table made by zipfTable (binary search).
 * @param {Rng} rng
 * @param {Float64Array} cum
 * @param {number} [n] only the first n entries (renormalised)
 * @returns {number}
 */
export function pickCumulative(rng, cum, n = cum.length) {
  const x = rng.next() * cum[n - 1]
  let lo = 0
  let hi = n - 1
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (cum[mid] > x) hi = mid
    else lo = mid + 1
  }
  return lo
}

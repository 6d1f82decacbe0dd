import type {StepProgress, Steps} from './steps'

// Slots touched per step of touchSteps: 12 MB.
const TOUCH_PER_STEP = 1 << 20

/**
 * Interns pairs of int32 (a, b) to dense ids 0, 1, 2, … in insertion order: an open-addressing
 * hash table on typed arrays, because a JS Map with a composite string key per sample or stack
 * entry is several times slower and allocates per entry. Used by the diff merge and the leak
 * ranking's call paths.
 */
export class PairIds {
  private keysA: Int32Array
  private keysB: Int32Array
  private ids: Int32Array // id + 1; 0 = empty slot (a new table needs no fill)
  private mask: number
  /** Number of distinct pairs, which is also the next id. */
  size = 0

  /** `expected` sizes the table so that it does not grow for that many pairs. */
  constructor(expected = 16) {
    let capacity = 16
    while (capacity < expected * 2) capacity *= 2
    this.keysA = new Int32Array(capacity)
    this.keysB = new Int32Array(capacity)
    this.ids = new Int32Array(capacity)
    this.mask = capacity - 1
  }

  /**
   * Touches the memory of a table that is still empty, in order and in steps. Fresh memory costs
   * a page fault at its first touch (several milliseconds per megabyte on some machines): a big
   * table's lookups, all over it, would otherwise pay them in their first steps. Yields
   * `progress` (the caller's) after each step.
   */
  *touchSteps(progress: StepProgress): Steps<void> {
    if (this.size !== 0) return
    const capacity = this.ids.length
    for (let from = 0; from < capacity; from += TOUCH_PER_STEP) {
      const to = Math.min(capacity, from + TOUCH_PER_STEP)
      this.keysA.fill(0, from, to)
      this.keysB.fill(0, from, to)
      this.ids.fill(0, from, to)
      yield progress
    }
  }

  /** The id of (a, b), assigning the next id (= the old size) if the pair is new. */
  idOf(a: number, b: number): number {
    let slot = hash(a, b) & this.mask
    for (;;) {
      const id = this.ids[slot]
      if (id === 0) break
      if (this.keysA[slot] === a && this.keysB[slot] === b) return id - 1
      slot = (slot + 1) & this.mask
    }
    const id = this.size++
    this.ids[slot] = id + 1
    this.keysA[slot] = a
    this.keysB[slot] = b
    if (this.size * 2 > this.ids.length) this.grow()
    return id
  }

  private grow(): void {
    const {keysA, keysB, ids} = this
    const capacity = ids.length * 2
    this.keysA = new Int32Array(capacity)
    this.keysB = new Int32Array(capacity)
    this.ids = new Int32Array(capacity)
    this.mask = capacity - 1
    for (let i = 0; i < ids.length; i++) {
      if (ids[i] === 0) continue
      let slot = hash(keysA[i], keysB[i]) & this.mask
      while (this.ids[slot] !== 0) slot = (slot + 1) & this.mask
      this.ids[slot] = ids[i]
      this.keysA[slot] = keysA[i]
      this.keysB[slot] = keysB[i]
    }
  }
}

function hash(a: number, b: number): number {
  let h = Math.imul(a, 0x9e3779b1) ^ Math.imul(b + 0x7f4a7c15, 0x85ebca77)
  h ^= h >>> 15
  h = Math.imul(h, 0x2c1b3c6d)
  h ^= h >>> 13
  return h >>> 0
}

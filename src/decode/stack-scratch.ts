import type {Output} from './stack-sort'

// Per sample in work, 4 ints side by side (they move together when a group is split):
export const SAMPLE = 0 // the sample
export const START = 1 // its first frame in seq
export const END = 2 // the end of its frames in seq
export const ENTRY = 3 // its stack entry so far, -1 before the root
export const W = 4

/**
 * The split step of the stack sort (stack-sort.ts): a group of samples split by the call key of
 * their next frame, and each part's (stack entry so far, frame) pairs interned into entries.
 */

/** The hash of an int pair (also used for one int with b = 0). */
function hash(a: number, b: number): number {
  let h = Math.imul(a, 0x9e3779b1) ^ Math.imul(b ^ 0x6c8e9cf5, 0x85ebca77)
  h ^= h >>> 15
  h = Math.imul(h, 0x2c1b3c6d)
  return h ^ (h >>> 13)
}

/**
 * Scratch space of the split step, allocated once. The hash tables are stamped with a
 * generation instead of being cleared, and only the first `2 × group size` slots (a power of
 * two) are used for a group, so small groups touch little memory.
 */
export class Scratch {
  private keys: Int32Array
  private frames: Int32Array
  private part: Int32Array
  private tmpFrames: Int32Array
  private count: Int32Array
  /** Part b is samples partStart[b] .. partStart[b+1]. */
  partStart: Int32Array
  /** The stack entries made for part b are partEntry[b] .. partEntry[b+1]. */
  partEntry: Int32Array
  private gen = 0
  // Key → part: per slot generation, key, part.
  private keySlots = new Int32Array(3 * 64)
  // (prefix, frame) → entry: per slot generation, prefix, frame, entry.
  private pairSlots = new Int32Array(4 * 64)

  constructor(n: number) {
    this.keys = new Int32Array(n)
    this.frames = new Int32Array(n)
    this.part = new Int32Array(n)
    this.tmpFrames = new Int32Array(n)
    this.count = new Int32Array(n)
    this.partStart = new Int32Array(n + 1)
    this.partEntry = new Int32Array(n + 1)
  }

  /**
   * Stably reorders samples lo..hi of `state` by the call key of their frame at depth d, parts
   * in order of first appearance, and gives every sample its stack entry at depth d (new ones
   * appended to `out`, their call node not yet known). Returns the number of parts: with one,
   * the samples stay where they are; with more, they are scattered into `dst`, same range.
   */
  split(
    state: Int32Array,
    dst: Int32Array,
    lo: number,
    hi: number,
    d: number,
    seq: Int32Array,
    frameKey: Int32Array,
    out: Output,
  ): number {
    const n = hi - lo
    const keys = this.keys
    const frames = this.frames
    let same = true
    const k0 = frameKey[seq[state[lo * W + START] + d]]
    for (let i = 0, o = lo * W + START; i < n; i++, o += W) {
      const f = seq[state[o] + d]
      const k = frameKey[f]
      frames[i] = f
      keys[i] = k
      if (k !== k0) same = false
    }
    const partStart = this.partStart
    const partEntry = this.partEntry
    if (same) {
      partStart[0] = lo
      partStart[1] = hi
      partEntry[0] = out.entries
      this.intern(state, lo, frames, 0, n, out)
      partEntry[1] = out.entries
      return 1
    }
    const size = tableSize(n)
    if (this.keySlots.length < 3 * size) this.keySlots = new Int32Array(3 * size)
    const slots = this.keySlots
    const mask = size - 1
    const gen = this.nextGen()
    const part = this.part
    const count = this.count
    let parts = 0
    for (let i = 0; i < n; i++) {
      const k = keys[i]
      let h = hash(k, 0) & mask
      let b: number
      for (;;) {
        const o = h * 3
        if (slots[o] !== gen) {
          slots[o] = gen
          slots[o + 1] = k
          slots[o + 2] = parts
          count[parts] = 0
          b = parts++
          break
        }
        if (slots[o + 1] === k) {
          b = slots[o + 2]
          break
        }
        h = (h + 1) & mask
      }
      part[i] = b
      count[b]++
    }
    // Counts become each part's cursor; then a stable scatter of samples and their frames.
    let at = 0
    for (let b = 0; b < parts; b++) {
      partStart[b] = lo + at
      const c = count[b]
      count[b] = at
      at += c
    }
    partStart[parts] = hi
    const tmpFrames = this.tmpFrames
    for (let i = 0, o = lo * W; i < n; i++, o += W) {
      const j = count[part[i]]++
      const t = (lo + j) * W
      dst[t] = state[o]
      dst[t + 1] = state[o + 1]
      dst[t + 2] = state[o + 2]
      dst[t + 3] = state[o + 3]
      tmpFrames[j] = frames[i]
    }
    for (let b = 0; b < parts; b++) {
      partEntry[b] = out.entries
      this.intern(dst, lo, tmpFrames, partStart[b] - lo, partStart[b + 1] - lo, out)
    }
    partEntry[parts] = out.entries
    return parts
  }

  // Gives samples lo + from .. lo + to, whose frames are frames[from .. to), their stack entry:
  // (entry so far, frame) interned among the pairs of this part.
  private intern(
    state: Int32Array,
    lo: number,
    frames: Int32Array,
    from: number,
    to: number,
    out: Output,
  ): void {
    // Almost always every sample of a part has the same pair: compare with the last first.
    let lastPrefix = -2
    let lastFrame = -1
    let lastEntry = -1
    let gen = -1
    let mask = 0
    for (let i = from, o = (lo + from) * W + ENTRY; i < to; i++, o += W) {
      const frame = frames[i]
      const prefix = state[o]
      if (prefix === lastPrefix && frame === lastFrame) {
        state[o] = lastEntry
        continue
      }
      if (lastEntry < 0) {
        // The first pair of a part is new by construction.
        lastEntry = out.addEntry(frame, prefix, -1)
      } else {
        if (gen < 0) {
          // A second distinct pair: from now on, look pairs up in a table.
          const size = tableSize(to - from)
          if (this.pairSlots.length < 4 * size) this.pairSlots = new Int32Array(4 * size)
          mask = size - 1
          gen = this.nextGen()
          this.pairLookup(lastPrefix, lastFrame, lastEntry, gen, mask)
        }
        lastEntry = this.pairLookup(prefix, frame, -1, gen, mask)
        if (lastEntry < 0) {
          lastEntry = out.addEntry(frame, prefix, -1)
          this.pairLookup(prefix, frame, lastEntry, gen, mask)
        }
      }
      lastPrefix = prefix
      lastFrame = frame
      state[o] = lastEntry
    }
  }

  // Finds (prefix, frame); with entry >= 0, stores it there. Returns the entry or -1.
  private pairLookup(prefix: number, frame: number, entry: number, gen: number, mask: number) {
    const slots = this.pairSlots
    let h = hash(prefix, frame) & mask
    for (;;) {
      const o = h * 4
      if (slots[o] !== gen) {
        if (entry >= 0) {
          slots[o] = gen
          slots[o + 1] = prefix
          slots[o + 2] = frame
          slots[o + 3] = entry
        }
        return entry
      }
      if (slots[o + 1] === prefix && slots[o + 2] === frame) return slots[o + 3]
      h = (h + 1) & mask
    }
  }

  private nextGen(): number {
    if (this.gen === 0x7fffffff) {
      this.gen = 0
      this.keySlots.fill(0)
      this.pairSlots.fill(0)
    }
    return ++this.gen
  }
}

// At least twice the group size, a power of two: the load factor stays at most one half.
function tableSize(n: number): number {
  let size = 16
  while (size < n * 2) size *= 2
  return size
}


/** The samples' location lists and each location's frames, as build.ts prepared them. */
export interface StackInput {
  nSamples: number
  /** Locations of sample s (leaf first): locations[locationStart[s] .. locationStart[s+1]]. */
  locationStart: Int32Array
  locations: Int32Array
  /** Each sample's leafmost location kept (drop_frames); locationStart[s] when none is cut. */
  cut: Int32Array
  /** Frames of location l, root side first: frames[frameStart[l] .. frameStart[l+1]]; ≥ 1. */
  frameStart: Int32Array
  frames: Int32Array
}

/** The stack table (see StackTable in the model) and each sample's leaf entry. */
export interface StackTree {
  frame: Int32Array
  prefix: Int32Array
  length: number
  /** The stack entry of each sample's leaf frame, -1 when it has no frames. */
  sampleStack: Int32Array
}

/**
 * Builds the stack prefix tree of all samples, one depth at a time: at depth d each sample
 * still that deep interns (its stack at depth d-1, its frame at depth d) in a hash table of
 * that depth only. Entries come out by depth, so prefix[i] < i.
 *
 * Why by depth: one table for the whole tree reaches millions of entries on big profiles and
 * every probe is a cache miss. A depth's table is small and hot; the frames are first copied
 * depth-major (`byDepth`) so that each depth reads them sequentially; and once a sample is
 * the only one through its stack entry, the rest of its stack is new and is appended without
 * hashing. Iterative throughout: a stack 10,000 frames deep is 10,000 rounds.
 */
export function buildStackTree(
  input: StackInput,
  onProgress?: (done: number, total: number) => void,
): StackTree {
  const {nSamples} = input
  const {depth, levelStart, byDepth, total} = framesByDepth(input)
  const sampleStack = new Int32Array(nSamples).fill(-1)
  const alone = new Uint8Array(nSamples)
  const active = new Int32Array(nSamples) // samples deeper than the current depth, in order
  let nActive = 0
  for (let s = 0; s < nSamples; s++) if (depth[s] > 0) active[nActive++] = s

  let capacity = Math.max(1024, total >> 1)
  let outFrame: Int32Array = new Int32Array(capacity)
  let outPrefix: Int32Array = new Int32Array(capacity)
  let n = 0
  // Per slot: prefix, frame, entry + 1 (0 = empty), unused (4 ints keep slots aligned).
  let slots: Int32Array = new Int32Array(0)
  let visits = new Int32Array(nSamples) // samples through each entry of this depth
  let prevVisits = new Int32Array(nSamples)
  let prevBase = 0
  let prevDistinct = 512
  let done = 0
  for (let d = 0; nActive > 0; d++) {
    if (onProgress && d % 8 === 0) onProgress(done, total)
    done += nActive
    if (capacity - n < nActive) {
      capacity = Math.max(capacity * 2, n + nActive)
      outFrame = grow(outFrame, capacity)
      outPrefix = grow(outPrefix, capacity)
    }
    let size = 1024
    while (size < prevDistinct * 2 && size < nActive * 2) size *= 2
    if (slots.length < size * 4) slots = new Int32Array(size * 4)
    else slots.fill(0, 0, size * 4)
    let mask = size - 1
    const base = n
    let next = levelStart[d]
    let kept = 0
    for (let i = 0; i < nActive; i++) {
      const s = active[i]
      const frame = byDepth[next++]
      const prefix = sampleStack[s]
      let entry = -1
      if (alone[s] === 1 || (prefix >= prevBase && prevVisits[prefix - prevBase] === 1)) {
        alone[s] = 1
        entry = n++
        outFrame[entry] = frame
        outPrefix[entry] = prefix
      } else {
        let slot = hash(prefix, frame) & mask
        for (;;) {
          const q = slot << 2
          const e = slots[q + 2]
          if (e === 0) {
            entry = n++
            outFrame[entry] = frame
            outPrefix[entry] = prefix
            visits[entry - base] = 1
            slots[q] = prefix
            slots[q + 1] = frame
            slots[q + 2] = entry + 1
            if ((n - base) * 2 > size) {
              size *= 2
              mask = size - 1
              slots = rehash(slots, size, outPrefix, outFrame, base, n)
            }
            break
          }
          if (slots[q] === prefix && slots[q + 1] === frame) {
            entry = e - 1
            visits[entry - base]++
            break
          }
          slot = (slot + 1) & mask
        }
      }
      sampleStack[s] = entry
      if (depth[s] > d + 1) active[kept++] = s
    }
    nActive = kept
    const t = prevVisits
    prevVisits = visits
    visits = t
    prevBase = base
    prevDistinct = n - base
  }
  return {
    frame: outFrame.slice(0, n),
    prefix: outPrefix.slice(0, n),
    length: n,
    sampleStack,
  }
}

/**
 * Each sample's frames root first, stored depth-major: the frames at depth d of all samples
 * deeper than d, in sample order, are byDepth[levelStart[d] ..]. Written as one sequential
 * stream per depth, so that both this pass and the tree building read memory in order.
 */
function framesByDepth(input: StackInput) {
  const {nSamples, locationStart, locations, cut, frameStart, frames} = input
  const nLocations = frameStart.length - 1
  const framesOf = new Int32Array(nLocations)
  for (let l = 0; l < nLocations; l++) framesOf[l] = frameStart[l + 1] - frameStart[l]
  const depth = new Int32Array(nSamples)
  let maxDepth = 0
  let total = 0
  for (let s = 0; s < nSamples; s++) {
    let d = 0
    for (let j = cut[s]; j < locationStart[s + 1]; j++) d += framesOf[locations[j]]
    depth[s] = d
    total += d
    if (d > maxDepth) maxDepth = d
  }
  const ofDepth = new Int32Array(maxDepth + 1) // samples exactly that deep
  for (let s = 0; s < nSamples; s++) ofDepth[depth[s]]++
  const levelStart = new Int32Array(maxDepth + 1)
  let deeper = nSamples - ofDepth[0]
  for (let d = 0; d < maxDepth; d++) {
    levelStart[d + 1] = levelStart[d] + deeper
    deeper -= ofDepth[d + 1]
  }
  const byDepth = new Int32Array(total)
  const cursor = levelStart.slice()
  for (let s = 0; s < nSamples; s++) {
    let d = 0
    for (let j = locationStart[s + 1] - 1; j >= cut[s]; j--) {
      const l = locations[j]
      for (let f = frameStart[l]; f < frameStart[l + 1]; f++) byDepth[cursor[d++]++] = frames[f]
    }
  }
  return {depth, levelStart, byDepth, total}
}

function hash(a: number, b: number): number {
  let h = Math.imul(a, 0x9e3779b1) ^ Math.imul(b ^ 0x6c8e9cf5, 0x85ebca77)
  h ^= h >>> 15
  h = Math.imul(h, 0x2c1b3c6d)
  return h ^ (h >>> 13)
}

/** A table of `size` slots holding entries from..to (their prefix and frame). */
function rehash(
  old: Int32Array,
  size: number,
  prefix: Int32Array,
  frame: Int32Array,
  from: number,
  to: number,
): Int32Array {
  const slots = old.length >= size * 4 ? old.fill(0, 0, size * 4) : new Int32Array(size * 4)
  const mask = size - 1
  for (let e = from; e < to; e++) {
    let slot = hash(prefix[e], frame[e]) & mask
    while (slots[(slot << 2) + 2] !== 0) slot = (slot + 1) & mask
    const q = slot << 2
    slots[q] = prefix[e]
    slots[q + 1] = frame[e]
    slots[q + 2] = e + 1
  }
  return slots
}

function grow(a: Int32Array, capacity: number): Int32Array {
  const b = new Int32Array(capacity)
  b.set(a)
  return b
}

/**
 * The core of the stack builder (see stacks.ts): an MSD radix sort of the samples' root-first
 * frame sequences that makes stack entries and call nodes as it goes. sortGroups runs it on
 * one group of samples; stacks.ts runs it on all of them, or hands some groups to a helper
 * worker (stack-jobs.ts) and sorts the rest itself.
 */

// Per sample in work, 4 ints side by side (they move together when a group is split):
export const SAMPLE = 0 // the sample
export const START = 1 // its first frame in seq
export const END = 2 // the end of its frames in seq
export const ENTRY = 3 // its stack entry so far, -1 before the root
export const W = 4
const WORK = 7

/** What sortGroups works on and writes to. */
export interface SortState {
  /** Each sample's frames root first: seq[START + d] is its frame at depth d. */
  seq: Int32Array
  /** The call key (func * 2 + inlined) of each frame: what merges frames into one call node. */
  frameKey: Int32Array
  /** Two buffers of per-sample state (W ints each): splitting a group scatters it across. */
  bufs: [Int32Array, Int32Array]
  out: Output
  path: Path
  scratch: Scratch
  /** The leaf entry of each sample, by its SAMPLE field. */
  sampleStack: Int32Array
  /**
   * Asked before a group of samples (lo..hi of `state`, two or more, all deeper than d) is
   * sorted below its call node `node`, which is made: true means another thread does it.
   */
  defer: ((state: Int32Array, lo: number, hi: number, d: number, node: number) => boolean) | null
  /** Sample frames placed so far, for progress. */
  done: number
  onProgress: ((done: number) => void) | null
}

/**
 * Sorts samples lo..hi of bufs[buf] (two or more, deeper than d, sharing the call path down to
 * node `parent`) and everything they lead to, depth first with an explicit work stack:
 *
 * - a group of samples that share a call path is split by the call key (func, inlined) of
 *   their next frame, stably; each part is a new call node, numbered in depth-first pre-order
 *   because a part's whole subtree is done before its next sibling is taken;
 * - inside a part, (stack entry so far, frame) pairs are interned into stack entries, so that
 *   frames differing by line stay apart in the stack table but share the call node;
 * - a group whose samples all make the same next call stays one group, with no work item;
 * - a sample alone in its part appends the rest of its stack without any lookup.
 *
 * The per-sample state moves with the samples, so a group is read in order; the only random
 * reads are of each sample's frames, which stay in cache once groups get small. The hash
 * tables only ever hold one group's keys. Iterative throughout: a stack 20,000 frames deep is
 * 20,000 loop rounds, not recursion. The caller closes the path (Path.closeAll) at the end.
 */
export function sortGroups(
  st: SortState,
  lo: number,
  hi: number,
  d: number,
  parent: number,
  buf: number,
): void {
  const {seq, frameKey, bufs, out, path, scratch, sampleStack, defer} = st
  let work = new Int32Array(WORK * 64)
  let nWork = 0
  let nextReport = st.done + (1 << 20)
  for (;;) {
    // Samples lo..hi of bufs[buf]: two or more, deeper than d, sharing the call path to
    // `parent`.
    const src = bufs[buf]
    const parts = scratch.split(src, bufs[1 - buf], lo, hi, d, seq, frameKey, out)
    st.done += hi - lo
    if (parts === 1) {
      // One call for all: the node is made now and the group goes on one level deeper.
      const e0 = scratch.partEntry[0]
      const node = path.open(out, frameKey[out.stackFrame[e0]], parent, d)
      setNode(out.stackToCallNode, node, e0, out.entries)
      const kept = keepDeeper(src, lo, hi, d, sampleStack)
      if (kept - lo >= 2) {
        hi = kept
        d++
        parent = node
        continue
      }
      if (kept - lo === 1) st.done += chain(src, lo, d + 1, node, seq, frameKey, out, sampleStack)
    } else {
      // The parts are in the other buffer now. They are pushed last first, so that the first
      // is taken first; each keeps its deeper samples at its front.
      const dst = bufs[1 - buf]
      if (nWork + WORK * parts > work.length) {
        const bigger = new Int32Array(Math.max(work.length * 2, nWork + WORK * parts))
        bigger.set(work)
        work = bigger
      }
      for (let b = parts - 1; b >= 0; b--) {
        const plo = scratch.partStart[b]
        work[nWork] = plo
        work[nWork + 1] = keepDeeper(dst, plo, scratch.partStart[b + 1], d, sampleStack)
        work[nWork + 2] = d
        work[nWork + 3] = parent
        work[nWork + 4] = scratch.partEntry[b]
        work[nWork + 5] = scratch.partEntry[b + 1]
        work[nWork + 6] = 1 - buf
        nWork += WORK
      }
    }
    if (st.onProgress && st.done >= nextReport) {
      st.onProgress(st.done)
      nextReport = st.done + (1 << 20)
    }
    // The next group: the deeper samples of the next part on the work stack.
    let found = false
    while (nWork > 0 && !found) {
      nWork -= WORK
      const plo = work[nWork]
      const phi = work[nWork + 1]
      const pd = work[nWork + 2]
      const e0 = work[nWork + 4]
      const node = path.open(out, frameKey[out.stackFrame[e0]], work[nWork + 3], pd)
      setNode(out.stackToCallNode, node, e0, work[nWork + 5])
      const pbuf = work[nWork + 6]
      if (phi - plo === 1) {
        st.done += chain(bufs[pbuf], plo, pd + 1, node, seq, frameKey, out, sampleStack)
      } else if (phi - plo >= 2 && !defer?.(bufs[pbuf], plo, phi, pd + 1, node)) {
        lo = plo
        hi = phi
        d = pd + 1
        parent = node
        buf = pbuf
        found = true
      }
    }
    if (!found) break
  }
}

/**
 * Moves the samples lo..hi that are deeper than d + 1 to the front, in order, and gives the
 * others their leaf entry. Returns the end of the kept ones.
 */
export function keepDeeper(
  state: Int32Array,
  lo: number,
  hi: number,
  d: number,
  sampleStack: Int32Array,
): number {
  let kept = lo
  for (let i = lo; i < hi; i++) {
    const o = i * W
    if (state[o + END] - state[o + START] > d + 1) {
      if (kept !== i) state.copyWithin(kept * W, o, o + W)
      kept++
    } else {
      sampleStack[state[o + SAMPLE]] = state[o + ENTRY]
    }
  }
  return kept
}

// A loop, not fill(): the range is almost always one entry, and a call per node adds up.
export function setNode(stackToCallNode: Int32Array, node: number, from: number, to: number): void {
  for (let e = from; e < to; e++) stackToCallNode[e] = node
}

/**
 * The rest of sample i's stack from depth d, alone: a path of new nodes and entries, whose
 * subtrees all end where the path ends; its last entry is the sample's leaf. Returns the number
 * of frames.
 */
export function chain(
  state: Int32Array,
  i: number,
  d: number,
  parent: number,
  seq: Int32Array,
  frameKey: Int32Array,
  out: Output,
  sampleStack: Int32Array,
): number {
  const o = i * W
  const first = state[o + START] + d
  const end = state[o + END]
  const n = end - first
  out.reserve(n)
  const {stackFrame, stackPrefix, stackToCallNode, nodeKey, nodeParent, nodeDepth, subtreeEnd} =
    out
  let prefix = state[o + ENTRY]
  let node = parent
  let e = out.entries
  let c = out.nodes
  const nodesEnd = c + n
  for (let k = first; k < end; k++, e++, c++) {
    const frame = seq[k]
    stackFrame[e] = frame
    stackPrefix[e] = prefix
    stackToCallNode[e] = c
    nodeKey[c] = frameKey[frame]
    nodeParent[c] = node
    nodeDepth[c] = d++
    subtreeEnd[c] = nodesEnd
    prefix = e
    node = c
  }
  out.entries = e
  out.nodes = c
  sampleStack[state[o + SAMPLE]] = prefix
  return n
}

/**
 * The open call nodes on the current path, by depth: a node's subtree ends when the next
 * node at its depth or above is made.
 */
export class Path {
  private nodes: Int32Array
  private top = -1

  constructor(maxDepth: number) {
    this.nodes = new Int32Array(maxDepth + 1)
  }

  /** Makes a call node at `depth`, closing the open ones at that depth and below. */
  open(out: Output, key: number, parent: number, depth: number): number {
    const c = out.nodes
    const nodes = this.nodes
    const subtreeEnd = out.subtreeEnd
    for (let t = this.top; t >= depth; t--) subtreeEnd[nodes[t]] = c
    nodes[depth] = c
    this.top = depth
    out.addNode(key, parent, depth)
    return c
  }

  /** Closes the open nodes at depth `base` and below, at the end of the output. */
  closeAll(out: Output, base = 0): void {
    for (let t = this.top; t >= base; t--) out.subtreeEnd[this.nodes[t]] = out.nodes
    this.top = -1
  }
}

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

/** The growing output columns: stack entries and call nodes. */
export class Output {
  stackFrame: Int32Array
  stackPrefix: Int32Array
  stackToCallNode: Int32Array
  entries = 0
  nodeKey: Int32Array
  nodeParent: Int32Array
  nodeDepth: Int32Array
  subtreeEnd: Int32Array
  nodes = 0

  constructor(capacity: number) {
    this.stackFrame = new Int32Array(capacity)
    this.stackPrefix = new Int32Array(capacity)
    this.stackToCallNode = new Int32Array(capacity)
    this.nodeKey = new Int32Array(capacity)
    this.nodeParent = new Int32Array(capacity)
    this.nodeDepth = new Int32Array(capacity)
    this.subtreeEnd = new Int32Array(capacity)
  }

  /** Makes room for n more entries and n more nodes. */
  reserve(n: number): void {
    if (this.entries + n > this.stackFrame.length) {
      const size = Math.max(this.stackFrame.length * 2, this.entries + n)
      this.stackFrame = grow(this.stackFrame, size)
      this.stackPrefix = grow(this.stackPrefix, size)
      this.stackToCallNode = grow(this.stackToCallNode, size)
    }
    if (this.nodes + n > this.nodeKey.length) {
      const size = Math.max(this.nodeKey.length * 2, this.nodes + n)
      this.nodeKey = grow(this.nodeKey, size)
      this.nodeParent = grow(this.nodeParent, size)
      this.nodeDepth = grow(this.nodeDepth, size)
      this.subtreeEnd = grow(this.subtreeEnd, size)
    }
  }

  addEntry(frame: number, prefix: number, node: number): number {
    const e = this.entries
    if (e === this.stackFrame.length) {
      const n = e * 2
      this.stackFrame = grow(this.stackFrame, n)
      this.stackPrefix = grow(this.stackPrefix, n)
      this.stackToCallNode = grow(this.stackToCallNode, n)
    }
    this.stackFrame[e] = frame
    this.stackPrefix[e] = prefix
    this.stackToCallNode[e] = node
    this.entries = e + 1
    return e
  }

  addNode(key: number, parent: number, depth: number): void {
    const c = this.nodes
    if (c === this.nodeKey.length) {
      const n = c * 2
      this.nodeKey = grow(this.nodeKey, n)
      this.nodeParent = grow(this.nodeParent, n)
      this.nodeDepth = grow(this.nodeDepth, n)
      this.subtreeEnd = grow(this.subtreeEnd, n)
    }
    this.nodeKey[c] = key
    this.nodeParent[c] = parent
    this.nodeDepth[c] = depth
    this.nodes = c + 1
  }
}

function grow(a: Int32Array, capacity: number): Int32Array {
  const b = new Int32Array(capacity)
  b.set(a)
  return b
}

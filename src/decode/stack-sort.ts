/**
 * The core of the stack builder (see stacks.ts): an MSD radix sort of the samples' root-first
 * frame sequences that makes stack entries and call nodes as it goes. sortGroups runs it on
 * one group of samples; stacks.ts runs it on all of them, or hands some groups to a helper
 * worker (stack-jobs.ts) and sorts the rest itself.
 */

import {END, ENTRY, SAMPLE, START, type Scratch, W} from './stack-scratch'

export {END, ENTRY, SAMPLE, START, W}

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

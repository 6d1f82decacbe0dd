import {
  END,
  ENTRY,
  Output,
  Path,
  SAMPLE,
  START,
  type SortState,
  W,
  sortGroups,
} from './stack-sort'
import {Scratch} from './stack-scratch'
import type {StackTree} from './stacks'

/**
 * Groups of samples sorted on another thread (stacks.ts's buildStackTreeParallel), and putting
 * their subtrees back in place.
 *
 * A job is a group of samples that share a call path down to a call node G that the main
 * thread made; the helper makes everything below G. Its stack entries and call nodes are
 * numbered from 0 in its own output; the main thread's entries and G are referred to as
 * outer(i), which is below -2 and so cannot be taken for an entry, a node, -1 (none) or the
 * sort's -2 (no pair yet).
 */
export const outer = (i: number): number => -3 - i

/** A group of samples for the helper: stack-sort.ts's per-sample state and frames. */
export interface SubtreeJob {
  /** W ints per sample: its index in the job, START and END in `seq`, ENTRY as outer(entry). */
  state: Int32Array
  /** The samples' frames from `depth` on, sample after sample (START is offset by -depth). */
  seq: Int32Array
  frameKey: Int32Array
  /** The depth of the samples' first frame to place: the depth of G's children. */
  depth: number
  /** outer(G). */
  parent: number
  maxSampleDepth: number
}

/** The helper's output: stack-sort.ts's Output columns, cut to length, and the samples' leaves. */
export interface SubtreeResult {
  stackFrame: Int32Array
  stackPrefix: Int32Array
  stackToCallNode: Int32Array
  nodeKey: Int32Array
  nodeParent: Int32Array
  nodeDepth: Int32Array
  subtreeEnd: Int32Array
  /** The leaf entry of each sample of the job, in the job's order. */
  sampleEntry: Int32Array
}

/** Where the main thread handed a job over: G, and how many entries it had made by then. */
export interface Deferral {
  node: number
  entry: number
  /** The job's samples (their index in the profile), in the job's order. */
  samples: Int32Array
}

/**
 * The job for samples lo..hi of `state` (all deeper than d, below node G = `node`): their
 * frames copied out from depth d, so that the helper gets only what it reads.
 */
export function makeJob(
  state: Int32Array,
  lo: number,
  hi: number,
  d: number,
  node: number,
  seq: Int32Array,
  frameKey: Int32Array,
  maxSampleDepth: number,
): {job: SubtreeJob; samples: Int32Array; frames: number} {
  const n = hi - lo
  let frames = 0
  for (let i = lo; i < hi; i++) frames += state[i * W + END] - state[i * W + START] - d
  const jobSeq = new Int32Array(frames)
  const jobState = new Int32Array(n * W)
  const samples = new Int32Array(n)
  let k = 0
  for (let j = 0, o = lo * W; j < n; j++, o += W) {
    const end = state[o + END]
    const t = j * W
    jobState[t + SAMPLE] = j
    jobState[t + START] = k - d
    for (let x = state[o + START] + d; x < end; x++) jobSeq[k++] = seq[x]
    jobState[t + END] = k
    jobState[t + ENTRY] = outer(state[o + ENTRY])
    samples[j] = state[o + SAMPLE]
  }
  const job: SubtreeJob = {
    state: jobState,
    seq: jobSeq,
    frameKey,
    depth: d,
    parent: outer(node),
    maxSampleDepth,
  }
  return {job, samples, frames}
}

/** Sorts a job (in the helper): sortGroups from the group, exactly as the main thread would. */
export function runJob(job: SubtreeJob): SubtreeResult {
  const n = job.state.length / W
  const frames = job.seq.length
  const out = new Output(Math.max(1024, Math.min(frames, (frames >> 1) + 1024)))
  const st: SortState = {
    seq: job.seq,
    frameKey: job.frameKey,
    bufs: [job.state, new Int32Array(job.state.length)],
    out,
    path: new Path(job.maxSampleDepth),
    scratch: new Scratch(n),
    sampleStack: new Int32Array(n),
    defer: null,
    done: 0,
    onProgress: null,
  }
  sortGroups(st, 0, n, job.depth, job.parent, 0)
  st.path.closeAll(out, job.depth)
  const e = out.entries
  const c = out.nodes
  return {
    stackFrame: out.stackFrame.subarray(0, e),
    stackPrefix: out.stackPrefix.subarray(0, e),
    stackToCallNode: out.stackToCallNode.subarray(0, e),
    nodeKey: out.nodeKey.subarray(0, c),
    nodeParent: out.nodeParent.subarray(0, c),
    nodeDepth: out.nodeDepth.subarray(0, c),
    subtreeEnd: out.subtreeEnd.subarray(0, c),
    sampleEntry: st.sampleStack,
  }
}

/** The buffers of a job or a result, for postMessage's transfer list (frameKey is shared). */
export function jobBuffers(job: SubtreeJob): ArrayBuffer[] {
  return [job.state.buffer as ArrayBuffer, job.seq.buffer as ArrayBuffer]
}

export function resultBuffers(r: SubtreeResult): ArrayBuffer[] {
  const arrays = [
    r.stackFrame,
    r.stackPrefix,
    r.stackToCallNode,
    r.nodeKey,
    r.nodeParent,
    r.nodeDepth,
    r.subtreeEnd,
    r.sampleEntry,
  ]
  return [...new Set(arrays.map((a) => a.buffer as ArrayBuffer))]
}

/**
 * Positions in the main thread's output → positions in the whole tree, where block k (of
 * size[k]) goes in at position at[k]: before at[k] itself (`inclusive`, for entries: the entry
 * the main thread made next comes after the block) or just after it (for nodes: at[k] is G,
 * whose subtree the block is). There are few blocks; callers walk positions in order and map
 * the ones in the current segment with its shift, and only others with map().
 */
class Gaps {
  /** cum[k]: the size of blocks 0..k-1. */
  readonly cum: Float64Array
  constructor(
    readonly at: Int32Array,
    size: Int32Array,
    private inclusive: boolean,
  ) {
    this.cum = new Float64Array(size.length + 1)
    for (let k = 0; k < size.length; k++) this.cum[k + 1] = this.cum[k] + size[k]
  }

  /** How many blocks go in before position q. */
  before(q: number): number {
    const at = this.at
    let lo = 0
    let hi = at.length
    while (lo < hi) {
      const m = (lo + hi) >> 1
      if (this.inclusive ? at[m] <= q : at[m] < q) lo = m + 1
      else hi = m
    }
    return lo
  }

  map(q: number): number {
    return q + this.cum[this.before(q)]
  }

  /** The first position (in the main thread's output) of segment k: after block k - 1. */
  segmentStart(k: number): number {
    return k === 0 ? 0 : this.at[k - 1] + (this.inclusive ? 0 : 1)
  }

  /** The end of segment k (exclusive): where block k goes in. */
  segmentEnd(k: number, length: number): number {
    return k === this.at.length ? length : this.at[k] + (this.inclusive ? 0 : 1)
  }

  /** Where block k starts in the whole tree. */
  blockStart(k: number): number {
    return this.segmentEnd(k, 0) + this.cum[k]
  }
}

/**
 * The whole tree from the main thread's output (with a gap after each deferred node) and the
 * helper's results, in the order buildStackTree gives: each job's entries go where the main
 * thread's entry count stood when it handed the job over, its nodes right after G.
 */
export function assemble(
  out: Output,
  sampleStack: Int32Array,
  deferrals: Deferral[],
  results: SubtreeResult[],
  maxDepth: number,
): Omit<StackTree, 'helperJobs'> {
  const K = deferrals.length
  const entryAt = Int32Array.from(deferrals, (d) => d.entry)
  const nodeAt = Int32Array.from(deferrals, (d) => d.node)
  const entrySize = Int32Array.from(results, (r) => r.stackFrame.length)
  const nodeSize = Int32Array.from(results, (r) => r.nodeKey.length)
  let nEntries = out.entries
  let nNodes = out.nodes
  for (let k = 0; k < K; k++) {
    nEntries += entrySize[k]
    nNodes += nodeSize[k]
  }
  const entryGaps = new Gaps(entryAt, entrySize, true)
  const nodeGaps = new Gaps(nodeAt, nodeSize, false)
  const frame = new Int32Array(nEntries)
  const prefix = new Int32Array(nEntries)
  const stackToCallNode = new Int32Array(nEntries)
  const func = new Int32Array(nNodes)
  const inlined = new Uint8Array(nNodes)
  const parent = new Int32Array(nNodes)
  const depth = new Int32Array(nNodes)
  const subtreeEnd = new Int32Array(nNodes)

  // The main thread's entries and nodes, segment by segment (between two blocks), moved past
  // the blocks before them. What they point to is mostly in the same segment.
  for (let k = 0; k <= K; k++) {
    const from = entryGaps.segmentStart(k)
    const to = entryGaps.segmentEnd(k, out.entries)
    const shift = entryGaps.cum[k]
    const {stackFrame, stackPrefix, stackToCallNode: toNode} = out
    // The nodes of these entries are mostly in one node segment too: the last one seen.
    let nodeFrom = 0
    let nodeTo = 0
    let nodeShift = 0
    for (let q = from; q < to; q++) {
      const p = stackPrefix[q]
      const node = toNode[q]
      frame[q + shift] = stackFrame[q]
      prefix[q + shift] = p < 0 ? p : p >= from ? p + shift : entryGaps.map(p)
      if (node < nodeFrom || node >= nodeTo) {
        const j = nodeGaps.before(node)
        nodeFrom = nodeGaps.segmentStart(j)
        nodeTo = nodeGaps.segmentEnd(j, out.nodes)
        nodeShift = nodeGaps.cum[j]
      }
      stackToCallNode[q + shift] = node + nodeShift
    }
  }
  for (let k = 0; k <= K; k++) {
    const from = nodeGaps.segmentStart(k)
    const to = nodeGaps.segmentEnd(k, out.nodes)
    const shift = nodeGaps.cum[k]
    const {nodeKey, nodeParent, nodeDepth} = out
    const ends = out.subtreeEnd
    for (let q = from; q < to; q++) {
      const key = nodeKey[q]
      const p = nodeParent[q]
      const end = ends[q]
      func[q + shift] = key >> 1
      inlined[q + shift] = key & 1
      parent[q + shift] = p < 0 ? p : p >= from ? p + shift : nodeGaps.map(p)
      depth[q + shift] = nodeDepth[q]
      subtreeEnd[q + shift] = end < to ? end + shift : nodeGaps.map(end)
    }
  }
  for (let s = 0; s < sampleStack.length; s++) {
    if (sampleStack[s] >= 0) sampleStack[s] = entryGaps.map(sampleStack[s])
  }

  // The helper's blocks: their own positions offset, the main thread's ones mapped.
  for (let k = 0; k < K; k++) {
    const r = results[k]
    const e0 = entryGaps.blockStart(k)
    const c0 = nodeGaps.blockStart(k)
    for (let i = 0; i < r.stackFrame.length; i++) {
      const p = r.stackPrefix[i]
      frame[e0 + i] = r.stackFrame[i]
      prefix[e0 + i] = p >= 0 ? e0 + p : entryGaps.map(outer(p))
      stackToCallNode[e0 + i] = c0 + r.stackToCallNode[i]
    }
    for (let i = 0; i < r.nodeKey.length; i++) {
      const key = r.nodeKey[i]
      const p = r.nodeParent[i]
      func[c0 + i] = key >> 1
      inlined[c0 + i] = key & 1
      parent[c0 + i] = p >= 0 ? c0 + p : nodeGaps.map(outer(p))
      depth[c0 + i] = r.nodeDepth[i]
      subtreeEnd[c0 + i] = c0 + r.subtreeEnd[i]
    }
    const samples = deferrals[k].samples
    for (let j = 0; j < samples.length; j++) sampleStack[samples[j]] = e0 + r.sampleEntry[j]
  }
  return {
    frame,
    prefix,
    length: nEntries,
    sampleStack,
    callNodes: {
      func,
      inlined,
      parent,
      depth,
      subtreeEnd,
      maxDepth,
      length: nNodes,
      stackToCallNode,
    },
  }
}

import {ProfileError} from './errors'
import {type Deferral, type SubtreeJob, type SubtreeResult, assemble, makeJob} from './stack-jobs'
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
  /** What merges frames into one call node, per frame: func * 2 + inlined. */
  frameKey: Int32Array
}

/**
 * The call tree of the stacks, laid out as analysis/call-tree.ts's CallNodeTable (same fields,
 * same invariants, same order as computeCallNodeTable gives for the stack table built with it),
 * so the worker can hand it over and the page need not build it again.
 */
export interface CallNodeArrays {
  func: Int32Array
  inlined: Uint8Array
  parent: Int32Array
  depth: Int32Array
  subtreeEnd: Int32Array
  maxDepth: number
  length: number
  stackToCallNode: Int32Array
}

/** The stack table (see StackTable in the model), each sample's leaf entry, the call tree. */
export interface StackTree {
  frame: Int32Array
  prefix: Int32Array
  length: number
  /** The stack entry of each sample's leaf frame, -1 when it has no frames. */
  sampleStack: Int32Array
  callNodes: CallNodeArrays
  /** How many groups of samples the helper sorted (buildStackTreeParallel), else 0. */
  helperJobs: number
}

/** More frames than this in all stacks together is refused rather than risking the tab. */
export const MAX_TOTAL_FRAMES = 0x40000000

/**
 * How groups of samples may be handed to another thread (see buildStackTreeParallel).
 */
export interface Offload {
  /** Sorts a group elsewhere (stack-jobs.ts's runJob, in a helper worker). */
  run: (job: SubtreeJob) => Promise<SubtreeResult>
  /** The share of the samples to hand over, 0..1 (default one half). */
  share?: number
  /** The fewest samples worth a job (default 1/64 of the samples, at least 2). */
  minSamples?: number
  /** Below this many frames in all, nothing is handed over (default 2 million). */
  minFrames?: number
}

/**
 * Builds the stack prefix tree and the call tree of all samples together (stack-sort.ts's
 * sortGroups, from the root), on this thread.
 */
export function buildStackTree(
  input: StackInput,
  onProgress?: (done: number, total: number) => void,
): StackTree {
  const work = prepare(input, onProgress)
  if (!work) return emptyTree(input.nSamples)
  const {st, n, total, maxSampleDepth} = work
  sortGroups(st, 0, n, 0, -1, 0)
  st.path.closeAll(st.out)
  onProgress?.(total, total)
  return finishTree(st.out, st.sampleStack, maxSampleDepth - 1)
}

/**
 * buildStackTree on two threads, with the same result to the last bit. This thread sorts from
 * the root as usual; when it is about to sort a group of samples that fits in what is left of
 * the helper's share, it makes the group's call node and hands the rest of the group to
 * `offload.run` (a helper worker), then goes on with the next group. The helper's subtrees
 * are put back where this thread left a gap for them, in the stack table and in the call
 * tree's pre-order, once both are done (stack-jobs.ts's assemble).
 */
export async function buildStackTreeParallel(
  input: StackInput,
  offload: Offload,
  onProgress?: (done: number, total: number) => void,
): Promise<StackTree> {
  const work = prepare(input, onProgress)
  if (!work) return emptyTree(input.nSamples)
  const {st, n, total, maxSampleDepth} = work
  const deferrals: Deferral[] = []
  const results: Promise<SubtreeResult>[] = []
  if (total >= (offload.minFrames ?? 2_000_000)) {
    let budget = Math.floor(n * (offload.share ?? 0.5))
    const minSamples = Math.max(2, offload.minSamples ?? Math.floor(n / 64))
    st.defer = (state, lo, hi, d, node) => {
      const size = hi - lo
      if (size < minSamples || size > budget) return false
      budget -= size
      const {seq, frameKey} = st
      const {job, samples, frames} = makeJob(state, lo, hi, d, node, seq, frameKey, maxSampleDepth)
      deferrals.push({node, entry: st.out.entries, samples})
      results.push(offload.run(job))
      st.done += frames
      return true
    }
  }
  sortGroups(st, 0, n, 0, -1, 0)
  st.path.closeAll(st.out)
  if (deferrals.length === 0) {
    onProgress?.(total, total)
    return finishTree(st.out, st.sampleStack, maxSampleDepth - 1)
  }
  const done = await Promise.all(results)
  onProgress?.(total, total)
  const tree = assemble(st.out, st.sampleStack, deferrals, done, maxSampleDepth - 1)
  return {...tree, helperJobs: done.length}
}

/** The sort's state for all samples, or null when no sample has a frame. */
function prepare(input: StackInput, onProgress?: (done: number, total: number) => void) {
  const {nSamples, frameKey} = input
  const {start, seq, total, maxSampleDepth} = framesRootFirst(input)
  let n = 0
  for (let s = 0; s < nSamples; s++) if (start[s + 1] > start[s]) n++
  if (n === 0) return null
  const state = new Int32Array(W * n)
  for (let s = 0, i = 0; s < nSamples; s++) {
    if (start[s + 1] === start[s]) continue
    state[i + SAMPLE] = s
    state[i + START] = start[s]
    state[i + END] = start[s + 1]
    state[i + ENTRY] = -1
    i += W
  }
  const st: SortState = {
    seq,
    frameKey,
    bufs: [state, new Int32Array(W * n)],
    out: new Output(Math.max(1024, Math.min(total, (total >> 1) + 1024))),
    path: new Path(maxSampleDepth),
    scratch: new Scratch(n),
    sampleStack: new Int32Array(nSamples).fill(-1),
    defer: null,
    done: 0,
    onProgress: onProgress ? (done) => onProgress(done, total) : null,
  }
  return {st, n, total, maxSampleDepth}
}

function emptyTree(nSamples: number): StackTree {
  return finishTree(new Output(0), new Int32Array(nSamples).fill(-1), -1)
}

/** The output columns cut to their length, the call keys split into func and inlined. */
function finishTree(out: Output, sampleStack: Int32Array, maxDepth: number): StackTree {
  const n = out.nodes
  const func = new Int32Array(n)
  const inlined = new Uint8Array(n)
  const key = out.nodeKey
  for (let i = 0; i < n; i++) {
    func[i] = key[i] >> 1
    inlined[i] = key[i] & 1
  }
  const e = out.entries
  return {
    frame: out.stackFrame.slice(0, e),
    prefix: out.stackPrefix.slice(0, e),
    length: e,
    sampleStack,
    callNodes: {
      func,
      inlined,
      parent: out.nodeParent.slice(0, n),
      depth: out.nodeDepth.slice(0, n),
      subtreeEnd: out.subtreeEnd.slice(0, n),
      maxDepth,
      length: n,
      stackToCallNode: out.stackToCallNode.slice(0, e),
    },
    helperJobs: 0,
  }
}

/** Each sample's frames root first, sample after sample: seq[start[s] .. start[s+1]]. */
function framesRootFirst(input: StackInput) {
  const {nSamples, locationStart, locations, cut, frameStart, frames} = input
  const nLocations = frameStart.length - 1
  // Per location: its frame count, and its only frame (or -1 when it has several).
  const count = new Int32Array(nLocations)
  const single = new Int32Array(nLocations)
  for (let l = 0; l < nLocations; l++) {
    count[l] = frameStart[l + 1] - frameStart[l]
    single[l] = count[l] === 1 ? frames[frameStart[l]] : -1
  }
  const start = new Int32Array(nSamples + 1)
  let total = 0
  let maxSampleDepth = 0
  for (let s = 0; s < nSamples; s++) {
    start[s] = total
    let d = 0
    for (let j = cut[s]; j < locationStart[s + 1]; j++) d += count[locations[j]]
    total += d
    if (total > MAX_TOTAL_FRAMES) {
      throw new ProfileError(
        `the profile is too large: its stacks hold more than ${MAX_TOTAL_FRAMES} frames in all`,
      )
    }
    if (d > maxSampleDepth) maxSampleDepth = d
  }
  start[nSamples] = total
  const seq = new Int32Array(total)
  let k = 0
  for (let s = 0; s < nSamples; s++) {
    for (let j = locationStart[s + 1] - 1; j >= cut[s]; j--) {
      const l = locations[j]
      const f = single[l]
      if (f >= 0) seq[k++] = f
      else for (let x = frameStart[l]; x < frameStart[l + 1]; x++) seq[k++] = frames[x]
    }
  }
  return {start, seq, total, maxSampleDepth}
}


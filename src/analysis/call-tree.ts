import type {IndexIntoFuncTable, IndexIntoStackTable, Profile} from '../model/profile'

/**
 * The call tree the flame graph draws: the stack prefix tree with frames that differ only by line
 * merged, i.e. one call node per (parent call node, func, inlined). Independent of the sample
 * type; timings are computed separately per sample type.
 */

export type IndexIntoCallNodeTable = number

/**
 * Call nodes in depth-first pre-order: parent[i] < i, and the subtree of i (i and all its
 * descendants) is exactly the index range [i, subtreeEnd[i]). Children of i are
 * i + 1, subtreeEnd[i + 1], … up to subtreeEnd[i], in the order the stack table first uses
 * them (not sorted by name or size).
 */
export interface CallNodeTable {
  func: Int32Array // IndexIntoFuncTable
  inlined: Uint8Array // 1 when this call was inlined into its parent
  parent: Int32Array // IndexIntoCallNodeTable, -1 for a root
  depth: Int32Array // 0 for a root
  subtreeEnd: Int32Array // exclusive end of the subtree range
  maxDepth: number // -1 when empty
  length: number
  /** For each stack entry, its call node. */
  stackToCallNode: Int32Array
}

/** Sample-type totals of the call nodes. */
export interface CallNodeTimings {
  /** Σ|v| of the samples whose leaf is this call node. */
  self: Float64Array
  /** Σ|v| of the samples in this call node's subtree (>= 0, so it can be a width). */
  total: Float64Array
  /** Σ|v| over all samples with a non-empty stack (= Σ total of the roots). */
  rootTotal: number
  /** Signed sums, for diff profiles: null when no sample of this type is negative. */
  net: {self: Float64Array; total: Float64Array} | null
}

// A call node with more children than this finds them through a Map instead of its list.
const WIDE = 32

/**
 * Builds the call node table of a profile. Linear in the number of stack entries in practice:
 * stack entries are visited in table order, where an entry's prefix is usually the entry just
 * before it, so its parent call node was just made and has few children to search.
 */
export function computeCallNodeTable(profile: Profile): CallNodeTable {
  // Typed arrays in locals: V8 then keeps them in registers in the hot loops.
  const stackFrame = profile.stacks.frame
  const stackPrefix = profile.stacks.prefix
  const n = profile.stacks.length
  const keyRange = profile.funcs.length * 2
  // What merges siblings, per frame: func * 2 + inlined.
  const frameKey = new Int32Array(profile.frames.length)
  for (let f = 0; f < frameKey.length; f++) {
    frameKey[f] = profile.frames.func[f] * 2 + profile.frames.inlined[f]
  }
  // Per call node, in creation order (parents before children); slot n is the root of roots.
  const nodeKey = new Int32Array(n)
  const nodeParent = new Int32Array(n)
  const firstChild = new Int32Array(n + 1).fill(-1)
  const nextSibling = new Int32Array(n)
  const childCount = new Int32Array(n + 1)
  const wide = new Map<number, number>() // (parent slot * keyRange + key) → child, wide parents
  const byStack = new Int32Array(n)
  let count = 0
  for (let e = 0; e < n; e++) {
    const key = frameKey[stackFrame[e]]
    const p = stackPrefix[e]
    const slot = p < 0 ? n : byStack[p]
    let c = firstChild[slot]
    if (c !== -1) {
      if (childCount[slot] > WIDE) c = wide.get(slot * keyRange + key) ?? -1
      else while (c !== -1 && nodeKey[c] !== key) c = nextSibling[c]
    }
    if (c === -1) {
      c = count++
      nodeKey[c] = key
      nodeParent[c] = p < 0 ? -1 : slot
      nextSibling[c] = firstChild[slot]
      firstChild[slot] = c
      const siblings = ++childCount[slot]
      if (siblings > WIDE) addWide(wide, slot, keyRange, siblings, c, nodeKey, nextSibling)
    }
    byStack[e] = c
  }
  // The sibling lists are done with: their memory becomes toPreorder's scratch space.
  return toPreorder(nodeKey, nodeParent, count, byStack, [firstChild, nextSibling, childCount])
}

// Indexes a wide parent's children: all of them when it has just become wide, else the newest.
function addWide(
  wide: Map<number, number>,
  slot: number,
  keyRange: number,
  childCount: number,
  child: number,
  nodeKey: Int32Array,
  nextSibling: Int32Array,
): void {
  const last = childCount === WIDE + 1 ? -1 : nextSibling[child]
  for (let s = child; s !== last; s = nextSibling[s]) wide.set(slot * keyRange + nodeKey[s], s)
}

// Renumbers parent-first nodes into depth-first pre-order, without recursion: subtree sizes
// from a reverse loop, then each child takes the next free slot after its parent. Reuses the
// scratch arrays (at least `count` long) and byStack, as fresh pages are costly to fault in.
function toPreorder(
  nodeKey: Int32Array,
  nodeParent: Int32Array,
  count: number,
  byStack: Int32Array,
  [size, position, nextSlot]: Int32Array[],
): CallNodeTable {
  size.fill(1, 0, count)
  for (let i = count - 1; i >= 0; i--) {
    const p = nodeParent[i]
    if (p >= 0) size[p] += size[i]
  }
  const func = new Int32Array(count)
  const inlined = new Uint8Array(count)
  const parent = new Int32Array(count)
  const depth = new Int32Array(count)
  const subtreeEnd = new Int32Array(count)
  // nextSlot, per node: where its next child goes.
  let nextRoot = 0
  let maxDepth = -1
  for (let i = 0; i < count; i++) {
    const p = nodeParent[i]
    let pos: number
    let d: number
    if (p < 0) {
      pos = nextRoot
      nextRoot += size[i]
      parent[pos] = -1
      d = 0
    } else {
      pos = nextSlot[p]
      nextSlot[p] += size[i]
      const parentPos = position[p]
      parent[pos] = parentPos
      d = depth[parentPos] + 1
    }
    position[i] = pos
    nextSlot[i] = pos + 1
    func[pos] = nodeKey[i] >> 1
    inlined[pos] = nodeKey[i] & 1
    subtreeEnd[pos] = pos + size[i]
    depth[pos] = d
    if (d > maxDepth) maxDepth = d
  }
  const stackToCallNode = byStack
  for (let e = 0; e < byStack.length; e++) stackToCallNode[e] = position[byStack[e]]
  return {func, inlined, parent, depth, subtreeEnd, maxDepth, length: count, stackToCallNode}
}

const tableCache = new WeakMap<Profile, CallNodeTable>()

/**
 * computeCallNodeTable memoized by profile identity (a profile is immutable). `precomputed`,
 * the table the decoder built along with the profile's stacks (the same as
 * computeCallNodeTable would give), is remembered instead of computing one.
 */
export function callNodeTableOf(profile: Profile, precomputed?: CallNodeTable): CallNodeTable {
  let table = tableCache.get(profile)
  if (!table) {
    table = precomputed ?? computeCallNodeTable(profile)
    tableCache.set(profile, table)
  }
  return table
}

/**
 * Self and total per call node for one sample type, using |v| so that diff profiles still give
 * nonnegative widths; `net` keeps the signed sums when some value is negative. One pass over the
 * samples and one reverse loop over the table. `self` is derived from `total` when first read
 * (total minus the children's totals, exact for integer values): the flame graph needs only
 * totals, and on a big profile each of these arrays is over a hundred megabytes.
 */
export function computeCallNodeTimings(
  profile: Profile,
  table: CallNodeTable,
  sampleType: number,
): CallNodeTimings {
  const values = profile.samples.values[sampleType]
  const sampleStack = profile.samples.stack
  const stackToCallNode = table.stackToCallNode
  const total = new Float64Array(table.length)
  let negative = false
  for (let s = 0; s < values.length; s++) {
    const st = sampleStack[s]
    if (st < 0) continue
    const v = values[s]
    if (v < 0) negative = true
    total[stackToCallNode[st]] += Math.abs(v)
  }
  addSubtrees(table, total)
  let rootTotal = 0
  for (let i = 0; i < table.length; i = table.subtreeEnd[i]) rootTotal += total[i]
  let net: CallNodeTimings['net'] = null
  if (negative) {
    const netSelf = new Float64Array(table.length)
    for (let s = 0; s < values.length; s++) {
      const st = sampleStack[s]
      if (st >= 0) netSelf[stackToCallNode[st]] += values[s]
    }
    net = {self: netSelf, total: sumSubtrees(table, netSelf)}
  }
  return new Timings(table, total, rootTotal, net)
}

class Timings implements CallNodeTimings {
  private table: CallNodeTable
  private selfValues: Float64Array | null = null
  total: Float64Array
  rootTotal: number
  net: CallNodeTimings['net']

  constructor(table: CallNodeTable, total: Float64Array, rootTotal: number, net: Timings['net']) {
    this.table = table
    this.total = total
    this.rootTotal = rootTotal
    this.net = net
  }

  get self(): Float64Array {
    if (!this.selfValues) {
      const {parent, length} = this.table
      const total = this.total
      const self = total.slice()
      for (let i = 0; i < length; i++) if (parent[i] >= 0) self[parent[i]] -= total[i]
      this.selfValues = self
    }
    return this.selfValues
  }
}

/**
 * timings.self[node] from the totals of the node and its children, in O(children): the first
 * read of timings.self computes the self of every call node (the flame graph's tooltip reads
 * one node's). The same subtractions in the same order, so the same number.
 */
export function selfOfCallNode(
  table: CallNodeTable,
  timings: CallNodeTimings,
  node: IndexIntoCallNodeTable,
): number {
  const {total} = timings
  const end = table.subtreeEnd[node]
  let self = total[node]
  for (let c = node + 1; c < end; c = table.subtreeEnd[c]) self -= total[c]
  return self
}

function sumSubtrees(table: CallNodeTable, self: Float64Array): Float64Array {
  const total = self.slice()
  addSubtrees(table, total)
  return total
}

// Adds each node's value into its parent's, in place. Children come after their parents:
// walking backwards finishes each child before its parent.
function addSubtrees(table: CallNodeTable, values: Float64Array): void {
  const parent = table.parent
  for (let i = table.length - 1; i >= 0; i--) {
    const p = parent[i]
    if (p >= 0) values[p] += values[i]
  }
}

/** The children of a call node, in order (roots when `node` is -1). */
export function callNodeChildren(
  table: CallNodeTable,
  node: IndexIntoCallNodeTable,
): IndexIntoCallNodeTable[] {
  const children: number[] = []
  const end = node < 0 ? table.length : table.subtreeEnd[node]
  for (let c = node + 1; c < end; c = table.subtreeEnd[c]) children.push(c)
  return children
}

/** The path from the root to `node`, as function indexes (root first). */
export function callNodePath(
  table: CallNodeTable,
  node: IndexIntoCallNodeTable,
): IndexIntoFuncTable[] {
  const path: number[] = []
  for (let i = node; i >= 0; i = table.parent[i]) path.push(table.func[i])
  return path.reverse()
}

/** The call node of a stack entry (-1 for -1). */
export function callNodeOfStack(table: CallNodeTable, stack: IndexIntoStackTable): number {
  return stack < 0 ? -1 : table.stackToCallNode[stack]
}

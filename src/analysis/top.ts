import type {Profile} from '../model/profile'
import {callNodeTableOf, type CallNodeTable} from './call-tree'

/**
 * pprof's Top report: flat and cum per function, exactly as graph.newGraph computes them under
 * the default `functions` granularity (nodes keyed by function name; same-named functions in
 * different files merge), with no trimming (-nodefraction=0 -edgefraction=0).
 *
 * Per sample s with value w ≠ 0 (zero-valued samples are skipped), walking root → leaf:
 * - cum: w once per node per sample, however often the node recurs in the stack;
 * - flat: w to the leaf frame's node;
 * - edges parent → child between consecutive frames of different nodes (no self edges), the
 *   first occurrence per sample only; an edge is inline iff every such occurrence is an inlined
 *   frame. A node is "inline" if all its incoming edges are, "partial-inline" if some are.
 * total = Σ|w| over all samples, including those with empty stacks (which reach no node).
 *
 * The walk is done once per call node, not per sample: the call tree is a prefix tree (lines
 * merged, which changes neither names nor inline flags), so "first occurrence on the path" is a
 * property of the call node, computed once per profile.
 */

/** '' | 'inline' | 'partial-inline': how a function is reached (pprof's `(inline)` label). */
export type InlineAnnotation = '' | 'inline' | 'partial-inline'

/** One row of the Top table. flat and cum are signed sums of exact integer sample values. */
export interface TopRow {
  /** pprof's PrintableName under `functions` granularity: the function name. */
  name: string
  annotation: InlineAnnotation
  flat: number
  cum: number
}

export interface TopResult {
  /** Nodes with flat ≠ 0 or cum ≠ 0, in pprof's flat order (see compareFlatOrder). */
  rows: TopRow[]
  /** Σ|v| over every sample of the sample type (pprof's report total), >= 0. */
  total: number
}

// Sample-type independent facts about the call tree, computed once per profile.
interface TreeFacts {
  table: CallNodeTable
  nodeNames: string[] // pprof node id → name
  nodeOf: Int32Array // call node → pprof node id
  firstNode: Uint8Array // 1 if the call node's pprof node does not occur above it
  firstEdge: Int32Array // id of the edge into the call node if its first on the path, else -1
  edgeDest: Int32Array // edge id → destination pprof node
}

const factsCache = new WeakMap<Profile, TreeFacts>()

function treeFacts(profile: Profile): TreeFacts {
  let facts = factsCache.get(profile)
  if (!facts) {
    facts = computeTreeFacts(profile, callNodeTableOf(profile))
    factsCache.set(profile, facts)
  }
  return facts
}

function computeTreeFacts(profile: Profile, table: CallNodeTable): TreeFacts {
  const {funcs, strings} = profile
  const n = table.length
  const nodeIds = new Map<string, number>()
  const nodeNames: string[] = []
  const funcNode = new Int32Array(funcs.length)
  for (let f = 0; f < funcs.length; f++) {
    const name = strings[funcs.name[f]]
    let id = nodeIds.get(name)
    if (id === undefined) {
      id = nodeNames.length
      nodeNames.push(name)
      nodeIds.set(name, id)
    }
    funcNode[f] = id
  }
  const nodeOf = new Int32Array(n)
  for (let i = 0; i < n; i++) nodeOf[i] = funcNode[table.func[i]]
  const {edgeOf, edgeDest} = numberEdges(table, nodeOf)

  // Pre-order walk with the current path on a stack, counting each node and edge on the path.
  const firstNode = new Uint8Array(n)
  const firstEdge = new Int32Array(n).fill(-1)
  const onPathNode = new Int32Array(nodeNames.length)
  const onPathEdge = new Int32Array(edgeDest.length)
  const path = new Int32Array(table.maxDepth + 1)
  let pathLength = 0
  for (let i = 0; i < n; i++) {
    const depth = table.depth[i]
    while (pathLength > depth) {
      const j = path[--pathLength]
      onPathNode[nodeOf[j]]--
      if (edgeOf[j] >= 0) onPathEdge[edgeOf[j]]--
    }
    path[pathLength++] = i
    if (onPathNode[nodeOf[i]]++ === 0) firstNode[i] = 1
    const edge = edgeOf[i]
    if (edge >= 0 && onPathEdge[edge]++ === 0) firstEdge[i] = edge
  }
  return {table, nodeNames, nodeOf, firstNode, firstEdge, edgeDest}
}

// Numbers the distinct (parent node, node) pairs, self pairs excluded. The hash table is sized
// for the distinct pairs (tens of thousands), not the call nodes (millions): it stays in cache.
function numberEdges(
  table: CallNodeTable,
  nodeOf: Int32Array,
): {edgeOf: Int32Array; edgeDest: Int32Array} {
  const edgeOf = new Int32Array(table.length).fill(-1)
  const dest: number[] = []
  let capacity = 1 << 12
  let slots = new Int32Array(capacity * 3).fill(-1) // (source, dest, id) triples; id -1 = empty
  for (let i = 0; i < table.length; i++) {
    const p = table.parent[i]
    if (p < 0) continue
    const a = nodeOf[p]
    const b = nodeOf[i]
    if (a === b) continue
    let slot = pairHash(a, b) & (capacity - 1)
    for (;;) {
      const id = slots[slot * 3 + 2]
      if (id === -1) break
      if (slots[slot * 3] === a && slots[slot * 3 + 1] === b) {
        edgeOf[i] = id
        break
      }
      slot = (slot + 1) & (capacity - 1)
    }
    if (edgeOf[i] >= 0) continue
    edgeOf[i] = dest.length
    slots[slot * 3] = a
    slots[slot * 3 + 1] = b
    slots[slot * 3 + 2] = dest.length
    dest.push(b)
    if (dest.length * 2 > capacity) {
      capacity *= 2
      slots = rehash(slots, capacity)
    }
  }
  return {edgeOf, edgeDest: Int32Array.from(dest)}
}

function rehash(old: Int32Array, capacity: number): Int32Array<ArrayBuffer> {
  const slots = new Int32Array(capacity * 3).fill(-1)
  for (let s = 0; s < old.length; s += 3) {
    if (old[s + 2] === -1) continue
    let slot = pairHash(old[s], old[s + 1]) & (capacity - 1)
    while (slots[slot * 3 + 2] !== -1) slot = (slot + 1) & (capacity - 1)
    slots.set(old.subarray(s, s + 3), slot * 3)
  }
  return slots
}

function pairHash(a: number, b: number): number {
  const h = Math.imul(a, 0x9e3779b1) ^ Math.imul(b, 0x85ebca77)
  return (h ^ (h >>> 15)) >>> 0
}

/**
 * pprof's report total (computeTotal, no -mean): Σ|v| over all samples of a sample type; for a
 * `-diff_base` comparison (samples.isBase), Σ|v| over the base's samples when that is nonzero.
 */
export function sampleTotal(profile: Profile, sampleType: number): number {
  const values = profile.samples.values[sampleType]
  const isBase = profile.samples.isBase
  let total = 0
  let baseTotal = 0
  for (let s = 0; s < values.length; s++) {
    const v = Math.abs(values[s])
    total += v
    if (isBase !== undefined && isBase[s] === 1) baseTotal += v
  }
  return baseTotal > 0 ? baseTotal : total
}

/**
 * Flat, cum and the inline annotation of every function, for one sample type (an index into
 * profile.sampleTypes). Rows are in pprof's flat order. Linear in samples + call nodes; the
 * first call for a profile also builds its call tree (callNodeTableOf) and path facts, cached.
 */
export function computeTop(profile: Profile, sampleType: number): TopResult {
  const {table, nodeOf, firstNode, firstEdge, edgeDest, nodeNames} = treeFacts(profile)
  const n = table.length
  const values = profile.samples.values[sampleType]
  const sampleStack = profile.samples.stack
  const stackToCallNode = table.stackToCallNode
  const weight = new Float64Array(n)
  const reached = new Uint8Array(n) // a sample with w ≠ 0 passes through the call node
  const flat = new Float64Array(nodeNames.length)
  for (let s = 0; s < values.length; s++) {
    const w = values[s]
    const st = sampleStack[s]
    if (w === 0 || st < 0) continue
    const c = stackToCallNode[st]
    weight[c] += w
    reached[c] = 1
    flat[nodeOf[c]] += w
  }
  // Children come after their parents, so a reverse loop sums each subtree into its root.
  for (let i = n - 1; i >= 0; i--) {
    const p = table.parent[i]
    if (p >= 0 && reached[i] === 1) {
      weight[p] += weight[i]
      reached[p] = 1
    }
  }
  const cum = new Float64Array(nodeNames.length)
  const edgeUsed = new Uint8Array(edgeDest.length)
  const edgeNotInline = new Uint8Array(edgeDest.length)
  for (let i = 0; i < n; i++) {
    if (reached[i] === 0) continue
    if (firstNode[i] === 1) cum[nodeOf[i]] += weight[i]
    const edge = firstEdge[i]
    if (edge >= 0) {
      edgeUsed[edge] = 1
      if (table.inlined[i] === 0) edgeNotInline[edge] = 1
    }
  }
  const inlineIn = new Uint8Array(nodeNames.length)
  const plainIn = new Uint8Array(nodeNames.length)
  for (let edge = 0; edge < edgeDest.length; edge++) {
    if (edgeUsed[edge] === 0) continue
    if (edgeNotInline[edge] === 1) plainIn[edgeDest[edge]] = 1
    else inlineIn[edgeDest[edge]] = 1
  }
  const rows: TopRow[] = []
  for (let node = 0; node < nodeNames.length; node++) {
    if (flat[node] === 0 && cum[node] === 0) continue
    const annotation: InlineAnnotation =
      inlineIn[node] === 0 ? '' : plainIn[node] === 0 ? 'inline' : 'partial-inline'
    rows.push({name: nodeNames[node], annotation, flat: flat[node], cum: cum[node]})
  }
  return {rows: sortTopRows(rows, 'flat'), total: sampleTotal(profile, sampleType)}
}

/**
 * Go's string order (bytewise UTF-8, i.e. code point order). JS `<` compares UTF-16 code units,
 * which puts U+E000..U+FFFF after astral characters such as emoji; Go puts them before.
 */
export function compareNames(a: string, b: string): number {
  if (a === b) return 0
  const n = Math.min(a.length, b.length)
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i)
    let y = b.charCodeAt(i)
    if (x === y) continue
    // Surrogates (0xD800..0xDFFF) encode code points above 0xFFFF: move them above 0xFFFF.
    if (x >= 0xd800 && y >= 0xd800) {
      x = x >= 0xe000 ? x - 0x800 : x + 0x2000
      y = y >= 0xe000 ? y - 0x800 : y + 0x2000
    }
    return x - y
  }
  return a.length - b.length
}

/** pprof's flat order: |flat| desc, then name asc (Go order), then |cum| desc. */
export function compareFlatOrder(a: TopRow, b: TopRow): number {
  return flatOrder(a, b, compareNames)
}

/** pprof's -cum order: |cum| desc, then name asc (Go order), then |flat| desc. */
export function compareCumOrder(a: TopRow, b: TopRow): number {
  return cumOrder(a, b, compareNames)
}

type NameOrder = (a: string, b: string) => number

function flatOrder(a: TopRow, b: TopRow, names: NameOrder): number {
  const byFlat = Math.abs(b.flat) - Math.abs(a.flat)
  return byFlat || names(a.name, b.name) || Math.abs(b.cum) - Math.abs(a.cum)
}

function cumOrder(a: TopRow, b: TopRow, names: NameOrder): number {
  const byCum = Math.abs(b.cum) - Math.abs(a.cum)
  return byCum || names(a.name, b.name) || Math.abs(b.flat) - Math.abs(a.flat)
}

function compareUtf16(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

const SURROGATE = /[\uD800-\uDFFF]/

/** A copy of `rows` in pprof's 'flat' (default) or 'cum' order. */
export function sortTopRows(rows: readonly TopRow[], order: 'flat' | 'cum'): TopRow[] {
  // Without astral characters, JS string order is Go's, and much faster than compareNames.
  const names = rows.some((r) => SURROGATE.test(r.name)) ? compareNames : compareUtf16
  const byOrder = order === 'cum' ? cumOrder : flatOrder
  return [...rows].sort((a, b) => byOrder(a, b, names))
}

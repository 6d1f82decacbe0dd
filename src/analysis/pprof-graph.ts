import {IntPairTable} from '../decode/tables'
import type {Profile} from '../model/profile'
import {callNodeTableOf, type CallNodeTable} from './call-tree'
import {compareNames} from './top'

/**
 * pprof's call graph (graph.newGraph) with edges, and its trimming (report.newTrimmedGraph), for
 * -tree, -peek and a trimmed -top. Nodes are keyed by function name, as computeTop does: apply a
 * granularity (granularity.ts) first for other keys.
 *
 * Per sample with value w ≠ 0, walking its frames root → leaf and skipping nodes not kept:
 * cum += w once per node; edge (previous kept node → node) += w once per pair, never to itself,
 * "inline" iff every counted occurrence enters an inlined frame; flat += w to the leaf's node
 * if that node is kept. Computed once per call node, not per sample (see top.ts).
 */

/** A caller → callee edge. weight is a signed sum; `inline`: every call was inlined. */
export interface GraphEdge {
  src: GraphNode
  dest: GraphNode
  weight: number
  inline: boolean
}

/** A node: flat and cum are signed sums of sample values; in/out in no particular order. */
export interface GraphNode {
  name: string
  flat: number
  cum: number
  in: GraphEdge[]
  out: GraphEdge[]
}

/** pprof's trimming options; 0 turns each off (pprof's `-trim=false` is all three 0). */
export interface TrimOptions {
  /** Keep the first nodeCount nodes in `sort` order (-nodecount). */
  nodeCount: number
  /** Drop nodes with |cum| < Σflat × nodeFraction (-nodefraction). */
  nodeFraction: number
  /** Drop edges with |weight| < Σflat × edgeFraction (-edgefraction). */
  edgeFraction: number
  sort: 'flat' | 'cum'
}

/** A trimmed graph and the counts pprof's legend reports. */
export interface TrimmedGraph {
  /** Nodes with flat ≠ 0 or cum ≠ 0, sorted (flat: |flat|↓ name↑ |cum|↓; cum: |cum|↓ …). */
  nodes: GraphNode[]
  /** Nodes before the nodeCount cut (pprof's origCount). */
  origCount: number
  /** Nodes dropped by nodeFraction. */
  droppedNodes: number
  /** Edges dropped by edgeFraction in the last pass. */
  droppedEdges: number
}

interface Facts {
  table: CallNodeTable
  names: string[] // node id → name
  nodeOf: Int32Array // call node → node id
}

const factsCache = new WeakMap<Profile, Facts>()

function factsOf(profile: Profile): Facts {
  let facts = factsCache.get(profile)
  if (!facts) {
    const table = callNodeTableOf(profile)
    const ids = new Map<string, number>()
    const names: string[] = []
    const funcNode = new Int32Array(profile.funcs.length)
    for (let f = 0; f < profile.funcs.length; f++) {
      const name = profile.strings[profile.funcs.name[f]]
      let id = ids.get(name)
      if (id === undefined) {
        id = names.length
        names.push(name)
        ids.set(name, id)
      }
      funcNode[f] = id
    }
    const nodeOf = Int32Array.from(table.func, (f) => funcNode[f])
    facts = {table, names, nodeOf}
    factsCache.set(profile, facts)
  }
  return facts
}

// Where each call node's graph node and incoming edge occur first on its path, for a kept set.
interface Walk {
  keep: Uint8Array // per node id
  firstNode: Uint8Array // per call node: its node does not occur above it
  edgeAt: Int32Array // per call node: the edge entering it, -1 none
  firstEdge: Uint8Array // per call node: that edge does not occur above it
  edgeSrc: Int32Array
  edgeDest: Int32Array
  edgeCount: number
}

const walkCache = new WeakMap<Profile, Walk>()

/**
 * The graph of one sample type. `kept`: the names of the nodes to keep (null: all); the others
 * are skipped, their callers linked to their callees (pprof's residual edges).
 */
export function buildGraph(
  profile: Profile,
  sampleType: number,
  kept: ReadonlySet<string> | null = null,
): GraphNode[] {
  const facts = factsOf(profile)
  let walk = kept ? null : (walkCache.get(profile) ?? null)
  if (!walk) {
    const keep = new Uint8Array(facts.names.length).fill(kept ? 0 : 1)
    if (kept) facts.names.forEach((name, id) => (keep[id] = kept.has(name) ? 1 : 0))
    walk = walkPaths(facts, keep)
    if (!kept) walkCache.set(profile, walk)
  }
  return weigh(profile, sampleType, facts, walk)
}

// Pre-order walk with the path on a stack, counting the nodes and edges on the path.
function walkPaths({table, names, nodeOf}: Facts, keep: Uint8Array): Walk {
  const n = table.length
  const parentNode = new Int32Array(n) // nearest kept strict ancestor's node, -1 none
  const firstNode = new Uint8Array(n)
  const edgeAt = new Int32Array(n).fill(-1)
  const firstEdge = new Uint8Array(n)
  const edgeKeys = new IntPairTable(1 << 12) // (caller node, callee node) → edge
  const onPathNode = new Int32Array(names.length)
  let onPathEdge = new Int32Array(64)
  const path = new Int32Array(table.maxDepth + 1)
  let depth = 0
  for (let i = 0; i < n; i++) {
    while (depth > table.depth[i]) {
      const j = path[--depth]
      if (keep[nodeOf[j]] === 1) onPathNode[nodeOf[j]]--
      if (edgeAt[j] >= 0) onPathEdge[edgeAt[j]]--
    }
    path[depth++] = i
    const p = table.parent[i]
    parentNode[i] = p < 0 ? -1 : keep[nodeOf[p]] === 1 ? nodeOf[p] : parentNode[p]
    const node = nodeOf[i]
    if (keep[node] === 0) continue
    if (onPathNode[node]++ === 0) firstNode[i] = 1
    const src = parentNode[i]
    if (src < 0 || src === node) continue
    const e = edgeKeys.intern(src, node)
    if (e >= onPathEdge.length) {
      const grown = new Int32Array(onPathEdge.length * 2)
      grown.set(onPathEdge)
      onPathEdge = grown
    }
    edgeAt[i] = e
    if (onPathEdge[e]++ === 0) firstEdge[i] = 1
  }
  const edgeSrc = edgeKeys.a.toArray()
  const edgeDest = edgeKeys.b.toArray()
  return {keep, firstNode, edgeAt, firstEdge, edgeSrc, edgeDest, edgeCount: edgeSrc.length}
}

// Per sample type: subtree weights, then node and edge sums over first occurrences.
function weigh(profile: Profile, sampleType: number, facts: Facts, walk: Walk): GraphNode[] {
  const {table, names, nodeOf} = facts
  const {keep, firstNode, edgeAt, firstEdge, edgeCount} = walk
  const n = table.length
  const values = profile.samples.values[sampleType]
  const weight = new Float64Array(n)
  const reached = new Uint8Array(n)
  const flat = new Float64Array(names.length)
  for (let s = 0; s < values.length; s++) {
    const w = values[s]
    const st = profile.samples.stack[s]
    if (w === 0 || st < 0) continue
    const c = table.stackToCallNode[st]
    weight[c] += w
    reached[c] = 1
    if (keep[nodeOf[c]] === 1) flat[nodeOf[c]] += w
  }
  for (let i = n - 1; i >= 0; i--) {
    const p = table.parent[i]
    if (p >= 0 && reached[i] === 1) {
      weight[p] += weight[i]
      reached[p] = 1
    }
  }
  const cum = new Float64Array(names.length)
  const edgeWeight = new Float64Array(edgeCount)
  const edgeUsed = new Uint8Array(edgeCount)
  const edgePlain = new Uint8Array(edgeCount) // some occurrence is not inlined
  for (let i = 0; i < n; i++) {
    if (reached[i] === 0) continue
    if (firstNode[i] === 1) cum[nodeOf[i]] += weight[i]
    if (firstEdge[i] === 1) {
      const e = edgeAt[i]
      edgeWeight[e] += weight[i]
      edgeUsed[e] = 1
      if (table.inlined[i] === 0) edgePlain[e] = 1
    }
  }
  const nodes: GraphNode[] = names.map((name, id) => ({
    name,
    flat: flat[id],
    cum: cum[id],
    in: [],
    out: [],
  }))
  for (let e = 0; e < edgeCount; e++) {
    if (edgeUsed[e] === 0) continue
    const src = nodes[walk.edgeSrc[e]]
    const dest = nodes[walk.edgeDest[e]]
    const edge: GraphEdge = {src, dest, weight: edgeWeight[e], inline: edgePlain[e] === 0}
    src.out.push(edge)
    dest.in.push(edge)
  }
  // Like pprof, edges may still point at nodes left out here (flat = cum = 0).
  return nodes.filter((node) => node.flat !== 0 || node.cum !== 0)
}

/** pprof's node orders: 'flat' (|flat|↓, name↑, |cum|↓) or 'cum' (|cum|↓, name↑, |flat|↓). */
export function sortNodes(nodes: GraphNode[], order: 'flat' | 'cum'): GraphNode[] {
  const [first, second]: ('flat' | 'cum')[] = order === 'flat' ? ['flat', 'cum'] : ['cum', 'flat']
  return nodes.sort(
    (a, b) =>
      Math.abs(b[first]) - Math.abs(a[first]) ||
      compareNames(a.name, b.name) ||
      Math.abs(b[second]) - Math.abs(a[second]),
  )
}

/** pprof's edge order: |weight|↓, then caller name↑, then callee name↑ (Go string order). */
export function sortEdges(edges: readonly GraphEdge[]): GraphEdge[] {
  return [...edges].sort(
    (a, b) =>
      Math.abs(b.weight) - Math.abs(a.weight) ||
      compareNames(a.src.name, b.src.name) ||
      compareNames(a.dest.name, b.dest.name),
  )
}

/**
 * report.newTrimmedGraph for a non-visual report: drop nodes below the node cutoff and rebuild,
 * sort, keep the first nodeCount and rebuild, then drop edges below the edge cutoff. Cutoffs are
 * |trunc(Σflat × fraction)|, Σflat over the untrimmed graph.
 */
export function trimmedGraph(
  profile: Profile,
  sampleType: number,
  options: TrimOptions,
): TrimmedGraph {
  let nodes = buildGraph(profile, sampleType)
  let totalValue = 0
  for (const node of nodes) totalValue += node.flat
  const nodeCutoff = Math.abs(Math.trunc(totalValue * options.nodeFraction))
  const edgeCutoff = Math.abs(Math.trunc(totalValue * options.edgeFraction))
  let droppedNodes = 0
  if (nodeCutoff > 0) {
    const kept = nodes.filter((node) => Math.abs(node.cum) >= nodeCutoff)
    if (kept.length !== nodes.length) {
      droppedNodes = nodes.length - kept.length
      nodes = buildGraph(profile, sampleType, new Set(kept.map((node) => node.name)))
    }
  }
  const origCount = nodes.length
  sortNodes(nodes, options.sort)
  if (options.nodeCount > 0) {
    trimEdges(nodes, edgeCutoff)
    if (options.nodeCount < nodes.length) {
      const kept = new Set(nodes.slice(0, options.nodeCount).map((node) => node.name))
      nodes = sortNodes(buildGraph(profile, sampleType, kept), options.sort)
    }
  }
  const droppedEdges = trimEdges(nodes, edgeCutoff)
  return {nodes, origCount, droppedNodes, droppedEdges}
}

// graph.TrimLowFrequencyEdges: through the listed nodes' incoming edges only, like pprof.
function trimEdges(nodes: GraphNode[], cutoff: number): number {
  let dropped = 0
  for (const node of nodes) {
    const keptIn = node.in.filter((e) => Math.abs(e.weight) >= cutoff)
    if (keptIn.length === node.in.length) continue
    for (const e of node.in) {
      if (Math.abs(e.weight) < cutoff) e.src.out = e.src.out.filter((o) => o !== e)
    }
    dropped += node.in.length - keptIn.length
    node.in = keptIn
  }
  return dropped
}

import type {Profile} from '../model/profile'
import {formatPercent, formatValue} from './format'
import {type GraphEdge, type GraphNode, sortEdges} from './pprof-graph'
import {type ReportTextOptions, trimmedReport} from './refined-report'

/**
 * pprof's -tree (report.printTree): per node, in flat (or -cum) order, its callers, the node,
 * its callees; edges sorted by |weight|↓ then names. -peek is the same report with trimming off,
 * restricted to the nodes whose name matches a regexp (peek.ts).
 */

/** A caller or callee of a tree entry. share = |weight / entry cum| (0 when cum is 0). */
export interface TreeLink {
  name: string
  weight: number
  share: number
  /** Every call along this edge was inlined (pprof prints " (inline)"). */
  inline: boolean
}

/** One block of the tree: a node with its callers and callees, both in pprof's edge order. */
export interface TreeEntry {
  name: string
  flat: number
  cum: number
  callers: TreeLink[]
  callees: TreeLink[]
}

/** The -tree / -peek report: entries in node order and what the text needs to print them. */
export interface TreeReport {
  entries: TreeEntry[]
  /** The report total (100%). */
  total: number
  /** The unit values are printed in (for formatValue's toUnit). */
  outputUnit: string
  /** The header lines (ProfileLabels, Active filters, Showing nodes…, Dropped…, Showing top…). */
  legend: string[]
  /** Nodes in the trimmed graph, matched or not. */
  graphNodes: number
}

/** Options of computeTree / formatTreeText: -cum, pprof's trimming flags, a name filter. */
export interface TreeOptions extends ReportTextOptions {
  sort?: 'flat' | 'cum'
  /** pprof -tree defaults: 80, 0.005, 0.001 (`go tool pprof -tree`); 0 turns each off. */
  nodeCount?: number
  nodeFraction?: number
  edgeFraction?: number
  /** Only entries whose name matches (peek; no `g` flag); the legend covers every node. */
  match?: RegExp
}

const SEPARATOR = '----------------------------------------------------------+-------------'
const LEGEND = '      flat  flat%   sum%        cum   cum%   calls calls% + context \t \t '

/** The -tree report as data. Linear in stack entries, plus sorting. */
export function computeTree(
  profile: Profile,
  sampleType: number,
  options: TreeOptions = {},
): TreeReport {
  const {graph, total, outputUnit, legend} = trimmedReport(profile, sampleType, options, {
    nodeCount: 80,
    nodeFraction: 0.005,
    edgeFraction: 0.001,
  })
  const {match} = options
  const entries = graph.nodes
    .filter((node) => !match || match.test(node.name))
    .map((node) => treeEntry(node))
  return {entries, total, outputUnit, legend, graphNodes: graph.nodes.length}
}

function treeEntry(node: GraphNode): TreeEntry {
  const link = (edge: GraphEdge, name: string): TreeLink => ({
    name,
    weight: edge.weight,
    share: node.cum !== 0 ? Math.abs(edge.weight / node.cum) : 0,
    inline: edge.inline,
  })
  return {
    name: node.name,
    flat: node.flat,
    cum: node.cum,
    callers: sortEdges(node.in).map((e) => link(e, e.src.name)),
    callees: sortEdges(node.out).map((e) => link(e, e.dest.name)),
  }
}

/** The text of a TreeReport, byte-identical to pprof's printTree. */
export function formatTreeReport(profile: Profile, sampleType: number, report: TreeReport): string {
  const unit = profile.sampleTypes[sampleType].unit
  const fmt = (v: number): string => formatValue(v, unit, report.outputUnit)
  const {total} = report
  const lines = [...report.legend, SEPARATOR, LEGEND]
  const link = (l: TreeLink, cum: number): string =>
    `${fmt(l.weight).padStart(50)} ${formatPercent(l.weight, cum)} |   ${l.name}` +
    (l.inline ? ' (inline)' : '')
  let flatSum = 0
  for (const entry of report.entries) {
    lines.push(SEPARATOR)
    for (const caller of entry.callers) lines.push(link(caller, entry.cum))
    flatSum += entry.flat
    lines.push(
      `${fmt(entry.flat).padStart(10)} ${formatPercent(entry.flat, total)} ` +
        `${formatPercent(flatSum, total)} ${fmt(entry.cum).padStart(10)} ` +
        `${formatPercent(entry.cum, total)}                | ${entry.name}`,
    )
    for (const callee of entry.callees) lines.push(link(callee, entry.cum))
  }
  // pprof closes with a separator when the graph has nodes, whether any matched or not.
  if (report.graphNodes > 0) lines.push(SEPARATOR)
  return lines.join('\n') + '\n'
}

/**
 * `go tool pprof -tree` text, byte for byte. Defaults are pprof's (-nodecount=80
 * -nodefraction=0.005 -edgefraction=0.001); the fixtures' X.tree.txt oracles use 1000000/0/0.
 */
export function formatTreeText(
  profile: Profile,
  sampleType: number,
  options: TreeOptions = {},
): string {
  return formatTreeReport(profile, sampleType, computeTree(profile, sampleType, options))
}

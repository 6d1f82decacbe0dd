import {formatPercent, formatValue} from '../../analysis/format'
import {buildGraph, type GraphNode, trimmedGraph} from '../../analysis/pprof-graph'
import {reportLegend, reportUnit} from '../../analysis/refined-report'
import type {Profile} from '../../model/profile'
import {shortName} from '../flame-graph/frame-style'

/**
 * pprof's call graph (`-web`, report/dot) as Graphviz DOT: boxes sized and coloured like
 * pprof's (font by flat, colour by cum), edges weighted and coloured by weight, dotted for
 * residual edges (calls through nodes trimmed away). Names are only ever label text, escaped
 * for DOT; nodes are `N<i>` and `names[i]` is the name of N<i>.
 */

/** pprof's defaults for the graph: -nodecount=80 -nodefraction=0.005 -edgefraction=0.001. */
export const GRAPH_DEFAULTS = {nodeCount: 80, nodeFraction: 0.005, edgeFraction: 0.001}

export interface GraphDotOptions {
  /** The report total (of the whole profile). */
  total: number
  /** pprof's Active filters entries. */
  filters: string[]
  /** Nodes kept; 0: every node, untrimmed (no node or edge fraction either). */
  nodeCount: number
}

export interface GraphDot {
  dot: string
  /** Node i of the DOT (`N<i>`) stands for names[i]. */
  names: string[]
  /** pprof's legend (File, Type, Showing nodes accounting for…, Dropped…). */
  legend: string[]
  edges: number
}

/** The DOT of a profile's call graph for one sample type. */
export function graphDot(profile: Profile, sampleType: number, options: GraphDotOptions): GraphDot {
  const all = options.nodeCount === 0
  const nodeFraction = all ? 0 : GRAPH_DEFAULTS.nodeFraction
  const graph = trimmedGraph(profile, sampleType, {
    nodeCount: options.nodeCount,
    nodeFraction,
    edgeFraction: all ? 0 : GRAPH_DEFAULTS.edgeFraction,
    sort: 'flat',
  })
  const {total} = options
  const outputUnit = reportUnit(profile, sampleType, graph.nodes, total)
  const unit = profile.sampleTypes[sampleType].unit
  const fmt = (v: number) => formatValue(v, unit, outputUnit)
  const pct = (v: number) => formatPercent(v, total).trim()
  const legend = reportLegend(profile, sampleType, {
    ...graph,
    total,
    outputUnit,
    filters: options.filters,
    nodeFraction,
  })

  const direct = directEdges(profile, sampleType)
  const ids = new Map<GraphNode, number>()
  graph.nodes.forEach((n, i) => ids.set(n, i))
  let maxFlat = 0
  for (const n of graph.nodes) maxFlat = Math.max(maxFlat, Math.abs(n.flat))

  const lines = [
    'digraph "call graph" {',
    'graph [fontname="Helvetica,Arial,sans-serif" nodesep=0.3 ranksep=0.4]',
    'node [style=filled shape=box fillcolor="#f8f8f8" fontname="Helvetica,Arial,sans-serif"]',
    'edge [fontname="Helvetica,Arial,sans-serif" fontsize=10]',
  ]
  for (const [i, n] of graph.nodes.entries()) {
    let label = nodeName(n.name) + '\n'
    label += n.flat !== 0 ? `${fmt(n.flat)} (${pct(n.flat)})` : '0'
    if (n.cum !== n.flat) label += `${n.flat !== 0 ? '\n' : ' '}of ${fmt(n.cum)} (${pct(n.cum)})`
    const growth = maxFlat > 0 && n.flat !== 0 ? Math.ceil(16 * Math.sqrt(Math.abs(n.flat) / maxFlat)) : 0
    const score = total !== 0 ? n.cum / Math.abs(total) : 0
    lines.push(
      `N${i} [label=${quote(label)} id="node${i}" fontsize=${8 + growth} ` +
        `color="${dotColor(score, false)}" fillcolor="${dotColor(score, true)}"]`,
    )
  }
  let edges = 0
  for (const n of graph.nodes) {
    for (const e of n.out) {
      const from = ids.get(e.src)
      const to = ids.get(e.dest)
      if (from === undefined || to === undefined) continue
      edges++
      let attrs = `label=${quote(' ' + fmt(e.weight) + (e.inline ? '\n (inline)' : ''))}`
      if (total !== 0) {
        const weight = 1 + Math.trunc(Math.min(Math.abs((e.weight * 100) / total), 100))
        const width = 1 + Math.trunc(Math.min(Math.abs((e.weight * 5) / total), 5))
        if (weight > 1) attrs += ` weight=${weight}`
        if (width > 1) attrs += ` penwidth=${width}`
        attrs += ` color="${dotColor(e.weight / Math.abs(total), false)}"`
      }
      if (!direct.has(edgeKey(e.src.name, e.dest.name))) attrs += ' style="dotted"'
      lines.push(`N${from} -> N${to} [${attrs}]`)
    }
  }
  lines.push('}')
  return {dot: lines.join('\n') + '\n', names: graph.nodes.map((n) => n.name), legend, edges}
}

function edgeKey(src: string, dest: string): string {
  return src + '\u0000' + dest
}

// The caller → callee pairs of the untrimmed graph: an edge of the trimmed graph that is not
// one of them goes through trimmed nodes (pprof's residual edge).
function directEdges(profile: Profile, sampleType: number): Set<string> {
  const keys = new Set<string>()
  for (const n of buildGraph(profile, sampleType)) {
    for (const e of n.out) keys.add(edgeKey(e.src.name, e.dest.name))
  }
  return keys
}

// A node named by a file (files granularity): its base name, dots kept.
const SOURCE_FILE = /\.(go|s|c|h|cc|cpp|cxx|hpp|rs|zig|py|java|js|ts)(:\d+)?$/

/**
 * pprof's multi-line node name: the short function name with a line break at each `.`, then
 * the base name of the file (and line) at finer granularities: `main.(*T).f a/b.go:12` →
 * `main\n(*T)\nf\nb.go:12`.
 */
export function nodeName(printable: string): string {
  const space = printable.indexOf(' ')
  const func = space < 0 ? printable : printable.slice(0, space)
  const file = space < 0 ? '' : printable.slice(space + 1)
  // A name that is a file (files granularity) or a pseudo-function keeps its dots.
  const looksLikeFile = SOURCE_FILE.test(func)
  const head = looksLikeFile
    ? func.slice(func.lastIndexOf('/') + 1)
    : shortName(func).replace(/::|\./g, '\n')
  return file === '' ? head : `${head}\n${file.slice(file.lastIndexOf('/') + 1)}`
}

/**
 * A DOT quoted string whose text shows as given: `\` and `"` escaped (so that no `\N`, `\G`,
 * `\l` … escape of Graphviz applies), control characters as spaces, and `\n` line breaks.
 */
export function quote(text: string): string {
  const escaped = text
    .replace(/[\\"]/g, '\\$&')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0009\u000b-\u001f\u007f]/g, ' ')
    .replace(/\n/g, '\\n')
  return `"${escaped}"`
}

/** pprof's dotColor: grey near 0, red for positive scores, green for negative ones. */
export function dotColor(score: number, background: boolean): string {
  const shift = 0.7
  let saturation = background ? 0.1 : 1.0
  const value = background ? 0.93 : 0.7
  score = Math.max(-1, Math.min(1, score))
  if (Math.abs(score) < 0.2) saturation *= Math.abs(score) / 0.2
  if (score > 0) score = Math.pow(score, 1 - shift)
  if (score < 0) score = -Math.pow(-score, 1 - shift)
  let r: number
  let g: number
  if (score < 0) {
    g = value
    r = value * (1 + saturation * score)
  } else {
    r = value
    g = value * (1 - saturation * score)
  }
  const b = value * (1 - saturation)
  const hex = (x: number) => (Math.trunc(x * 255) & 0xff).toString(16).padStart(2, '0')
  return `#${hex(r)}${hex(g)}${hex(b)}`
}

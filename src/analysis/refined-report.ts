import type {Profile} from '../model/profile'
import {formatPercent, formatValue, selectOutputUnit} from './format'
import {applyGranularity, type Granularity} from './granularity'
import {type GraphNode, type TrimmedGraph, trimmedGraph} from './pprof-graph'
import {activeFilters, refineProfile, type RefineOptions} from './refine'
import {profileLabels} from './report'
import {sampleTotal} from './top'

/**
 * The pieces every pprof text report shares once refinements and granularity are in play
 * (report.reportLabels), and -top on a refined profile (formatTopText in report.ts always takes
 * the total of the profile it is given, which after refining is the wrong one).
 */

/** A profile ready for pprof's reports: refined, aggregated, with the whole profile's total. */
export interface PreparedReport {
  /** Refined then aggregated: pass to the report functions. */
  profile: Profile
  /** The ORIGINAL profile's total for the sample type: the reports' 100%. */
  total: number
  /** pprof's "Active filters" entries, e.g. ['focus=main\\.f']. */
  filters: string[]
  /** pprof's warnings, e.g. "Focus expression matched no samples". */
  warnings: string[]
}

/**
 * pprof's report pipeline (driver.generateRawReport): total of the whole profile, then the
 * refinements, then the granularity. Throws "parsing focus regexp: …" on a bad regexp.
 */
export function prepareReport(
  profile: Profile,
  sampleType: number,
  refine: RefineOptions = {},
  granularity: Granularity = 'functions',
): PreparedReport {
  const total = sampleTotal(profile, sampleType)
  const refined = refineProfile(profile, refine)
  return {
    profile: applyGranularity(refined.profile, granularity),
    total,
    filters: activeFilters(refine),
    warnings: refined.warnings,
  }
}

/** Options shared by the text reports of refined profiles. */
export interface ReportTextOptions {
  /** The report total (Σ|v| of the unrefined profile); default: this profile's own total. */
  total?: number
  /** "Active filters" entries (activeFilters / PreparedReport.filters). */
  filters?: string[]
  /** pprof's -unit: 'minimum' (default: one unit chosen for the report), or e.g. 'B', 'ns'. */
  unit?: string
  /** An IANA zone for the Time: line; default the local zone. */
  timeZone?: string
}

/** What reportLegend needs besides the profile (a TrimmedGraph fits `nodes` … `droppedNodes`). */
export interface LegendInput {
  total: number
  outputUnit: string
  filters: string[]
  /** The shown nodes: their flat sum is "accounting for", their count the "top N". */
  nodes: readonly GraphNode[]
  origCount: number
  droppedNodes: number
  nodeFraction: number
  timeZone?: string
}

/**
 * report.reportLabels (text reports): ProfileLabels, Active filters, "Showing nodes accounting
 * for …", "Dropped N nodes (cum <= …)", "Showing top N nodes out of M". One string per line.
 */
export function reportLegend(profile: Profile, sampleType: number, input: LegendInput): string[] {
  const {total, outputUnit, nodes} = input
  const unit = profile.sampleTypes[sampleType].unit
  const fmt = (v: number): string => formatValue(v, unit, outputUnit)
  const lines = profileLabels(profile, sampleType, {total, outputUnit, timeZone: input.timeZone})
  if (input.filters.length > 0) {
    lines.push('Active filters:')
    for (const f of input.filters) lines.push('   ' + truncateBytes(f, 80))
  }
  let flatSum = 0
  for (const n of nodes) flatSum += n.flat
  const shown = formatPercent(flatSum, total).trim()
  lines.push(`Showing nodes accounting for ${fmt(flatSum)}, ${shown} of ${fmt(total)} total`)
  if (total !== 0) {
    if (input.droppedNodes > 0) {
      const cutoff = Math.abs(Math.trunc(total * input.nodeFraction))
      const noun = input.droppedNodes > 1 ? 'nodes' : 'node'
      lines.push(`Dropped ${input.droppedNodes} ${noun} (cum <= ${fmt(cutoff)})`)
    }
    if (nodes.length > 0 && nodes.length < input.origCount) {
      lines.push(`Showing top ${nodes.length} nodes out of ${input.origCount}`)
    }
  }
  return lines
}

// Go's s[:80] + "…" on the UTF-8 bytes.
function truncateBytes(s: string, max: number): string {
  const bytes = new TextEncoder().encode(s)
  if (bytes.length <= max) return s
  return new TextDecoder().decode(bytes.subarray(0, max)) + '…'
}

/** The unit of a report: pprof's selectOutputUnit for 'minimum', else `unit` itself. */
export function reportUnit(
  profile: Profile,
  sampleType: number,
  nodes: readonly GraphNode[],
  total: number,
  unit = 'minimum',
): string {
  if (unit !== 'minimum') return unit
  return selectOutputUnit(nodes, total, profile.sampleTypes[sampleType].unit)
}

/** Options of formatRefinedTopText: -cum and pprof's trimming flags. */
export interface RefinedTopOptions extends ReportTextOptions {
  sort?: 'flat' | 'cum'
  /** pprof -top defaults: 0 (all), 0.005, 0.001. The fixtures' oracles use 0 for all three. */
  nodeCount?: number
  nodeFraction?: number
  edgeFraction?: number
}

/** The "(inline)" mark of a -top row: from the node's remaining incoming edges. */
export function inlineMark(node: GraphNode): '' | ' (inline)' | ' (partial-inline)' {
  let inline = false
  let plain = false
  for (const e of node.in) {
    if (e.inline) inline = true
    else plain = true
  }
  return !inline ? '' : plain ? ' (partial-inline)' : ' (inline)'
}

/** What a trimmed report starts with: pprof's graph, the unit chosen for it and the legend. */
export interface TrimmedReport {
  graph: TrimmedGraph
  total: number
  outputUnit: string
  legend: string[]
}

/**
 * The graph of a -top, -tree or -peek report trimmed with the options, or with pprof's
 * defaults for that report (`defaults`), its unit and its header lines.
 */
export function trimmedReport(
  profile: Profile,
  sampleType: number,
  options: RefinedTopOptions,
  defaults: {nodeCount: number; nodeFraction: number; edgeFraction: number},
): TrimmedReport {
  const total = options.total ?? sampleTotal(profile, sampleType)
  const nodeFraction = options.nodeFraction ?? defaults.nodeFraction
  const graph = trimmedGraph(profile, sampleType, {
    nodeCount: options.nodeCount ?? defaults.nodeCount,
    nodeFraction,
    edgeFraction: options.edgeFraction ?? defaults.edgeFraction,
    sort: options.sort ?? 'flat',
  })
  const outputUnit = reportUnit(profile, sampleType, graph.nodes, total, options.unit)
  const legend = reportLegend(profile, sampleType, {
    ...graph,
    total,
    outputUnit,
    filters: options.filters ?? [],
    nodeFraction,
    timeZone: options.timeZone,
  })
  return {graph, total, outputUnit, legend}
}

/**
 * `go tool pprof -top` of a refined and/or aggregated profile, byte for byte: like formatTopText
 * with the original total, the Active filters lines and pprof's trimming. Defaults: no trimming
 * (as `-nodecount=<big> -nodefraction=0 -edgefraction=0`).
 */
export function formatRefinedTopText(
  profile: Profile,
  sampleType: number,
  options: RefinedTopOptions = {},
): string {
  const noTrimming = {nodeCount: 0, nodeFraction: 0, edgeFraction: 0}
  const {graph, total, outputUnit, legend} = trimmedReport(profile, sampleType, options, noTrimming)
  const unit = profile.sampleTypes[sampleType].unit
  const fmt = (v: number): string => formatValue(v, unit, outputUnit)
  const lines = legend
  lines.push('      flat  flat%   sum%        cum   cum%')
  let running = 0
  for (const node of graph.nodes) {
    running += node.flat
    lines.push(
      `${fmt(node.flat).padStart(10)} ${formatPercent(node.flat, total)} ` +
        `${formatPercent(running, total)} ` +
        `${fmt(node.cum).padStart(10)} ${formatPercent(node.cum, total)}  ` +
        node.name +
        inlineMark(node),
    )
  }
  return lines.join('\n') + '\n'
}

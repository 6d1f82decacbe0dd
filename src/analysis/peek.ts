import type {Profile} from '../model/profile'
import {compileGoRegexp} from './go-regexp'
import type {ReportTextOptions} from './refined-report'
import {computeTree, formatTreeReport, type TreeReport} from './tree-report'

/**
 * pprof's -peek <regexp> (CLI): the -tree report with trimming off (-nodecount, -nodefraction
 * and -edgefraction are ignored), showing only the nodes whose printed name matches, each with
 * its callers and callees. Granularity is whatever the profile was aggregated to (the CLI keeps
 * `functions`; pprof's web UI Peek view forces `lines`: pass applyGranularity(p, 'lines')).
 */

/** Options of -peek: the report total, filters, unit, zone, and -cum. */
export interface PeekOptions extends ReportTextOptions {
  sort?: 'flat' | 'cum'
}

/**
 * The matching entries (each with callers and callees, weights and shares of the entry's cum),
 * in pprof's order; `entries` is empty when nothing matches. `pattern` is Go RE2 (unanchored);
 * throws "parsing argument regexp <pattern>: …" when it does not compile.
 */
export function computePeek(
  profile: Profile,
  sampleType: number,
  pattern: string,
  options: PeekOptions = {},
): TreeReport {
  let match: RegExp
  try {
    match = compileGoRegexp(pattern, 'argument')
  } catch (e) {
    const reason = (e as Error).message.replace(/^parsing argument regexp: /, '')
    throw new Error(`parsing argument regexp ${pattern}: ${reason}`)
  }
  return computeTree(profile, sampleType, {
    ...options,
    nodeCount: 0,
    nodeFraction: 0,
    edgeFraction: 0,
    match,
  })
}

/**
 * `go tool pprof -peek <pattern>` text, byte for byte. Throws pprof's error
 * "no matches found for regexp: <pattern>" (pprof then prints nothing on stdout).
 */
export function formatPeekText(
  profile: Profile,
  sampleType: number,
  pattern: string,
  options: PeekOptions = {},
): string {
  const report = computePeek(profile, sampleType, pattern, options)
  if (report.entries.length === 0) throw new Error(`no matches found for regexp: ${pattern}`)
  return formatTreeReport(profile, sampleType, report)
}

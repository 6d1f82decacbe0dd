import type {Profile} from '../model/profile'
import {formatPercent, formatValue} from './format'
import {compileGoRegexp} from './go-regexp'
import {aggregateProfile} from './granularity'
import {buildGraph} from './pprof-graph'
import {compareNames, sampleTotal} from './top'

/**
 * pprof's -list <regexp> without source files (report.printSource): the graph at `lines`
 * granularity, untrimmed, grouped per function name matching the regexp, then per file. Each
 * ROUTINE's flat and cum are the sums over its lines, so cum counts a sample once per line it
 * passes through: recursion over several lines is counted several times (pprof's "107.79% of
 * Total"). The per-line numbers are those of `-top -granularity=lines`.
 */

/** One source line of a routine. flat and cum are signed sums of sample values. */
export interface SourceLineCost {
  /** Source line number; 0 when the profile has none. */
  line: number
  flat: number
  cum: number
}

/** One function in one file (pprof's ROUTINE block). */
export interface Routine {
  name: string
  file: string
  /** Σ flat of its lines. */
  flat: number
  /** Σ cum of its lines: double-counts recursion, like pprof. */
  cum: number
  /** By line number, ascending. */
  lines: SourceLineCost[]
}

/** The -list report of a regexp, without sources. */
export interface Listing {
  /** Matching functions, by name (Go order), then file; functions without a file are left out. */
  routines: Routine[]
  /** Matching function names that have no file ("No source information for <name>"). */
  noSource: string[]
  /** Every name in the order pprof prints it: routines' names and noSource interleaved. */
  order: {name: string; routines: Routine[]}[]
  /** The report total (100%). */
  total: number
}

/** Options of computeListing / formatListText. */
export interface ListOptions {
  /** The report total (of the unrefined profile); default: this profile's own. */
  total?: number
  /** pprof's -unit; default 'minimum', which -list applies to each value on its own. */
  unit?: string
  /** formatListText: print a `flat cum line:` row per sampled line (pprof prints source). */
  lines?: boolean
}

/**
 * The routines whose function name matches `pattern` (Go RE2, unanchored, on the name only).
 * Throws "parsing argument regexp …" for a bad pattern. Empty `order` when nothing matches.
 */
export function computeListing(
  profile: Profile,
  sampleType: number,
  pattern: string,
  options: ListOptions = {},
): Listing {
  const match = compileArgument(pattern)
  const {profile: byLine, info} = aggregateProfile(profile, 'lines')
  const infoByName = new Map(info.map((i) => [i.printable, i]))
  const byName = new Map<string, Map<string, Routine>>()
  for (const node of buildGraph(byLine, sampleType)) {
    const i = infoByName.get(node.name)
    if (!i || !match.test(i.name)) continue
    let files = byName.get(i.name)
    if (!files) {
      files = new Map()
      byName.set(i.name, files)
    }
    if (i.file === '') continue
    let routine = files.get(i.file)
    if (!routine) {
      routine = {name: i.name, file: i.file, flat: 0, cum: 0, lines: []}
      files.set(i.file, routine)
    }
    routine.flat += node.flat
    routine.cum += node.cum
    routine.lines.push({line: i.line, flat: node.flat, cum: node.cum})
  }
  const order: Listing['order'] = []
  const routines: Routine[] = []
  const noSource: string[] = []
  for (const name of [...byName.keys()].sort(compareNames)) {
    const files = byName.get(name) ?? new Map<string, Routine>()
    const list = [...files.values()].sort((a, b) => compareNames(a.file, b.file))
    for (const r of list) r.lines.sort((a, b) => a.line - b.line)
    order.push({name, routines: list})
    routines.push(...list)
    if (list.length === 0) noSource.push(name)
  }
  return {routines, noSource, order, total: options.total ?? sampleTotal(profile, sampleType)}
}

function compileArgument(pattern: string): RegExp {
  try {
    return compileGoRegexp(pattern, 'argument')
  } catch (e) {
    const reason = (e as Error).message.replace(/^parsing argument regexp: /, '')
    throw new Error(`parsing argument regexp ${pattern}: ${reason}`)
  }
}

/**
 * `go tool pprof -list <pattern>` as printed when the source files cannot be read, minus
 * pprof's ` Error: …` line after each ROUTINE header; with `lines`, a `%10s %10s %6d:` row per
 * sampled line instead ('.' for 0). Throws "no matches found for regexp: <pattern>".
 */
export function formatListText(
  profile: Profile,
  sampleType: number,
  pattern: string,
  options: ListOptions = {},
): string {
  const listing = computeListing(profile, sampleType, pattern, options)
  if (listing.order.length === 0) throw new Error(`no matches found for regexp: ${pattern}`)
  const unit = profile.sampleTypes[sampleType].unit
  const toUnit = options.unit ?? 'minimum'
  const fmt = (v: number): string => formatValue(v, unit, toUnit)
  const dot = (v: number): string => (v === 0 ? '.' : fmt(v))
  const out = [`Total: ${fmt(listing.total)}`]
  for (const {name, routines} of listing.order) {
    if (routines.length === 0) out.push(`No source information for ${name}`)
    for (const r of routines) {
      out.push(`ROUTINE ======================== ${r.name} in ${r.file}`)
      const percent = formatPercent(r.cum, listing.total)
      const values = `${fmt(r.flat).padStart(10)} ${fmt(r.cum).padStart(10)}`
      out.push(`${values} (flat, cum) ${percent} of Total`)
      if (!options.lines) continue
      for (const l of r.lines) {
        const line = String(l.line).padStart(6)
        out.push(`${dot(l.flat).padStart(10)} ${dot(l.cum).padStart(10)} ${line}:`)
      }
    }
  }
  return out.join('\n') + '\n'
}

import {aggregateProfile, type Granularity, type NodeInfo} from '../analysis/granularity'
import {activeFilters, refineProfile, type RefineOptions} from '../analysis/refine'
import {funcName, type IndexIntoFuncTable, type Profile} from '../model/profile'
import type {RefineState} from './store'

/**
 * The profile every view shows: the shown profile (the profile, or its comparison with the
 * base) refined by focus / ignore / hide / show / show_from, then aggregated to the granularity,
 * in pprof's order (analysis/refined-report.ts prepareReport). Percentages stay of the WHOLE
 * profile, as pprof's: derived.getTotal finds the whole profile of a report through
 * wholeProfileOf.
 *
 * Refinements are memoized per (profile, refine), aggregations per (refined, granularity): every refinement makes a new Profile,
 * and the per-profile caches of analysis (call tree, timings, graph) key on its identity.
 */

/** A shown profile after refine and granularity. */
export interface Report {
  /** Refined, then aggregated: what the views draw. */
  profile: Profile
  /** Refined, at `functions` granularity (the Source lines view aggregates by line itself). */
  refined: Profile
  /** pprof's "Active filters" entries, e.g. ['focus=main\\.f']. */
  filters: string[]
  /** pprof's warnings, e.g. "Focus expression matched no samples". */
  warnings: string[]
  /** A refine regexp that does not compile ("parsing focus regexp: …"): nothing is refined. */
  error: string | null
}

const MAX_PER_PROFILE = 4
// Per profile: the last few refinements (a granularity change reuses the refined profile).
const refinements = new WeakMap<Profile, Map<string, Refined>>()
// A report's profiles → the profile they were made from, and per aggregated profile its nodes.
const wholes = new WeakMap<Profile, Profile>()
const nodeInfos = new WeakMap<Profile, NodeInfo[]>()

interface Refined {
  refined: Profile
  filters: string[]
  warnings: string[]
  error: string | null
}

/** The refine options as analysis takes them. */
export function refineOptions(refine: RefineState): RefineOptions {
  return {...refine}
}

/** The report of `profile` for these options (memoized; never throws). */
export function getReport(
  profile: Profile,
  refine: RefineState,
  granularity: Granularity,
): Report {
  const {refined, filters, warnings, error} = getRefined(profile, refine)
  // aggregateProfile is memoized per (profile, granularity): the same Profile every time.
  const aggregated = aggregateProfile(refined, granularity)
  if (aggregated.profile !== profile) wholes.set(aggregated.profile, wholeProfileOf(profile))
  nodeInfos.set(aggregated.profile, aggregated.info)
  return {profile: aggregated.profile, refined, filters, warnings, error}
}

function getRefined(profile: Profile, refine: RefineState): Refined {
  let byKey = refinements.get(profile)
  if (!byKey) {
    byKey = new Map()
    refinements.set(profile, byKey)
  }
  const key = JSON.stringify([refine.focus, refine.ignore, refine.hide, refine.show, refine.showFrom])
  let result = byKey.get(key)
  if (!result) {
    result = computeRefined(profile, refine)
    if (byKey.size >= MAX_PER_PROFILE) byKey.delete(byKey.keys().next().value!)
    byKey.set(key, result)
  }
  return result
}

function computeRefined(profile: Profile, refine: RefineState): Refined {
  try {
    const {profile: refined, warnings} = refineProfile(profile, refineOptions(refine))
    if (refined !== profile) wholes.set(refined, wholeProfileOf(profile))
    return {refined, warnings, filters: activeFilters(refine), error: null}
  } catch (e) {
    const error = e instanceof Error ? e.message : String(e)
    return {refined: profile, warnings: [], filters: [], error}
  }
}

/** The profile a report's profile was made from (itself for any other profile). */
export function wholeProfileOf(profile: Profile): Profile {
  return wholes.get(profile) ?? profile
}

/**
 * The function a node of a report's profile stands for: its function name, or at `files`
 * granularity (and for nodes without a name) its printed name. Selections and refine regexps
 * are by function name, so that they survive a change of granularity.
 */
export function functionNameAt(profile: Profile, func: IndexIntoFuncTable): string {
  const info = nodeInfos.get(profile)?.[func]
  if (!info) return funcName(profile, func)
  return info.name !== '' ? info.name : info.printable
}

/** functionNameAt for a node known by its printed name (a Top row, a graph node). */
export function functionNameOf(profile: Profile, printable: string): string {
  const infos = nodeInfos.get(profile)
  if (!infos) return printable
  const info = infos.find((i) => i.printable === printable)
  return info && info.name !== '' ? info.name : printable
}

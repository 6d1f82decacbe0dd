import {
  type CallNodeTable,
  type CallNodeTimings,
  callNodeTableOf,
  computeCallNodeTimings,
} from '../analysis/call-tree'
import {mergeForDiff} from '../analysis/diff'
import {type HeapInsight, heapInsight} from '../analysis/heap-insight'
import {type AllocationHint, allocationHints} from '../analysis/hints'
import {type LeakGrouping, type LeakReport, rankLeakSuspects} from '../analysis/leaks'
import {orderSeries, type Series} from '../analysis/series'
import {type ChangeSummary, whatChanged} from '../analysis/diff-changes'
import {type CallNodeDiff, computeCallNodeDiff} from '../analysis/diff-call-nodes'
import {compileSearch, computeSearchMatches, type SearchMatches} from '../analysis/search'
import {computeTop, sampleTotal, type TopResult} from '../analysis/top'
import type {Profile} from '../model/profile'
import {wholeProfileOf} from './report'
import type {DiffMode} from './store'

/**
 * Derived data, memoized by the identity of its inputs. A profile is immutable, so a WeakMap
 * keyed by it holds what was computed from it and lets it go with the profile.
 */

/** The call tree of a profile (the same for every sample type; memoized in analysis). */
export function getCallNodeTable(profile: Profile): CallNodeTable {
  return callNodeTableOf(profile)
}

const timingsCache = new WeakMap<Profile, CallNodeTimings[]>()

/** Self and total of every call node for one sample type. */
export function getTimings(profile: Profile, sampleType: number): CallNodeTimings {
  let perType = timingsCache.get(profile)
  if (!perType) {
    perType = []
    timingsCache.set(profile, perType)
  }
  let timings = perType[sampleType]
  if (!timings) {
    timings = computeCallNodeTimings(profile, getCallNodeTable(profile), sampleType)
    perType[sampleType] = timings
  }
  return timings
}

/** Timings of the other sample types are computed ahead only while they take at most this. */
const PREFETCH_BYTES = 256 * 1024 * 1024

/**
 * Computes the timings of the profile's other sample types when the page is idle, one per idle
 * period, so that switching to one only redraws. Skipped when they would take much memory (a
 * Float64Array per call node and type).
 */
export function prefetchTimings(profile: Profile): void {
  const nodes = getCallNodeTable(profile).length
  const types = profile.sampleTypes.length
  if (typeof requestIdleCallback !== 'function' || nodes * 8 * types > PREFETCH_BYTES) return
  let next = 0
  const step = () => {
    while (next < types && timingsCache.get(profile)?.[next]) next++
    if (next >= types) return
    getTimings(profile, next++)
    requestIdleCallback(step)
  }
  requestIdleCallback(step)
}

const topCache = new WeakMap<Profile, TopResult[]>()

/** pprof's -top rows for one sample type. */
export function getTop(profile: Profile, sampleType: number): TopResult {
  let perType = topCache.get(profile)
  if (!perType) {
    perType = []
    topCache.set(profile, perType)
  }
  let report = perType[sampleType]
  if (!report) {
    // A refined profile's percentages are of the whole profile, as in pprof (store/report).
    report = {...computeTop(profile, sampleType), total: getTotal(profile, sampleType)}
    perType[sampleType] = report
  }
  return report
}

export interface SearchState {
  /** A message when the pattern is not a valid regular expression. */
  error: string | null
  regex: RegExp | null
  matches: SearchMatches | null
}

let lastSearch: {profile: Profile; sampleType: number; pattern: string; result: SearchState} | null =
  null

/** The search box's pattern applied to the profile: highlights and the matched total. */
export function getSearch(profile: Profile, sampleType: number, pattern: string): SearchState {
  if (
    lastSearch &&
    lastSearch.profile === profile &&
    lastSearch.sampleType === sampleType &&
    lastSearch.pattern === pattern
  ) {
    return lastSearch.result
  }
  const compiled = compileSearch(pattern)
  let result: SearchState
  if ('error' in compiled && compiled.error) {
    result = {error: compiled.error, regex: null, matches: null}
  } else if (!compiled.regex) {
    result = {error: null, regex: null, matches: null}
  } else {
    const table = getCallNodeTable(profile)
    const matches = computeSearchMatches(
      profile,
      table,
      getTimings(profile, sampleType),
      compiled.regex,
    )
    result = {error: null, regex: compiled.regex, matches}
  }
  lastSearch = {profile, sampleType, pattern, result}
  return result
}

/**
 * pprof's report total for a sample type: Σ|v| over every sample, empty stacks included; for a
 * refined profile (store/report) the total of the whole profile it was refined from.
 */
export function getTotal(profile: Profile, sampleType: number): number {
  return sampleTotal(wholeProfileOf(profile), sampleType)
}

/** A small cache of the last few results of a function of object identities and flags. */
function lastResults<K extends unknown[], V>(size: number, compute: (...key: K) => V) {
  const entries: {key: K; value: V}[] = []
  return (...key: K): V => {
    const hit = entries.find((e) => e.key.every((k, i) => Object.is(k, key[i])))
    if (hit) return hit.value
    const value = compute(...key)
    entries.unshift({key, value})
    if (entries.length > size) entries.pop()
    return value
  }
}

/**
 * The profile the views show: the profile itself, or with a base its comparison with it
 * (pprof's -base or -diff_base, optionally -normalize), a new Profile of signed values.
 */
export const getShownProfile = lastResults(
  4,
  (profile: Profile, base: Profile | null, mode: DiffMode, normalize: boolean): Profile =>
    base ? mergeForDiff(profile, base, {mode, normalize}) : profile,
)

/** The index in `shown` of the sample type named like profile.sampleTypes[sampleType]. */
export function shownSampleType(profile: Profile, shown: Profile, sampleType: number): number {
  if (shown === profile) return sampleType
  const name = profile.sampleTypes[sampleType]?.type
  const i = shown.sampleTypes.findIndex((t) => t.type === name)
  return i >= 0 ? i : 0
}

const nodeDiffs = new WeakMap<Profile, CallNodeDiff[]>()

/** Base and current per call node of a -diff_base comparison, for the diff flame graph. */
export function getCallNodeDiff(merged: Profile, sampleType: number): CallNodeDiff {
  let perType = nodeDiffs.get(merged)
  if (!perType) {
    perType = []
    nodeDiffs.set(merged, perType)
  }
  let diff = perType[sampleType]
  if (!diff) {
    diff = computeCallNodeDiff(merged, getCallNodeTable(merged), sampleType)
    perType[sampleType] = diff
  }
  return diff
}

/** The "What changed" lists of a comparison (pprof -base semantics per function). */
export const getWhatChanged = lastResults(
  4,
  (
    current: Profile,
    base: Profile,
    sampleType: number,
    normalize: boolean,
    by: 'flat' | 'cum',
  ): ChangeSummary => whatChanged(current, base, sampleType, {normalize, by, limit: 15}),
)

/** The series on screen as analysis sees it (ordered, with times and notes). */
export const getSeries = lastResults(2, (profiles: Profile[]): Series => orderSeries(profiles))

/** The leak-suspect ranking of a series, by function or by call path. */
export const getLeakReport = lastResults(
  4,
  (series: Series, by: LeakGrouping): LeakReport => rankLeakSuspects(series, {by, limit: 50}),
)

/** Allocation-hotspot hints of a heap profile, ranked by a sample type. */
export const getHints = lastResults(
  4,
  (profile: Profile, sampleType: number): AllocationHint[] =>
    allocationHints(profile, sampleType, {limit: 30}),
)

/** Per function bytes per object and retention of a heap profile (null for other kinds). */
export const getHeapInsight = lastResults(
  2,
  (profile: Profile): HeapInsight | null => heapInsight(profile),
)

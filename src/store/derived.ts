import {
  type CallNodeTable,
  type CallNodeTimings,
  callNodeTableOf,
  computeCallNodeTimings,
} from '../analysis/call-tree'
import {mergeForDiff, mergeForDiffSteps} from '../analysis/diff'
import {type HeapInsight, heapInsight} from '../analysis/heap-insight'
import {type AllocationHint, allocationHintSteps} from '../analysis/hints'
import {type LeakGrouping, type LeakReport, leakSuspectSteps} from '../analysis/leaks'
import {orderSeries, type Series} from '../analysis/series'
import {
  type ChangeSummary,
  type ChangeTable,
  changeTableSteps,
  summarizeChangesSteps,
} from '../analysis/diff-changes'
import type {StepProgress, Steps} from '../analysis/steps'
import {type CallNodeDiff, computeCallNodeDiff} from '../analysis/diff-call-nodes'
import {compileSearch, computeSearchMatches, type SearchMatches} from '../analysis/search'
import {computeTop, sampleTotal, type TopResult} from '../analysis/top'
import {isHeapProfile, type Profile} from '../model/profile'
import {wholeProfileOf} from './report'
import {SteppedJob} from './stepped'
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

/** Per call node arrays are computed ahead only while they take at most this. */
const PREFETCH_BYTES = 256 * 1024 * 1024

/**
 * One unit of work done ahead when the page is idle: does a little (one sample type's timings,
 * a few milliseconds of the hints) and says whether it is done. Cheap when it finds its result
 * already computed.
 */
type IdleTask = () => boolean

/**
 * Runs the tasks in order when the page is idle: at least one unit per idle period, then more
 * while the period lasts. Returns a function that stops it (what was computed stays cached).
 */
function runWhenIdle(tasks: IdleTask[]): () => void {
  if (typeof requestIdleCallback !== 'function' || tasks.length === 0) return () => {}
  let next = 0
  let handle = 0
  let stopped = false
  const step = (deadline: IdleDeadline) => {
    if (stopped) return
    do {
      if (tasks[next]()) next++
    } while (next < tasks.length && deadline.timeRemaining() > 0)
    if (next < tasks.length) handle = requestIdleCallback(step)
  }
  handle = requestIdleCallback(step)
  return () => {
    stopped = true
    cancelIdleCallback(handle)
  }
}

/** The sample type hints are ranked by: alloc_space when the profile has it (allocation cost). */
export function hintSampleType(profile: Profile, selected: number): number {
  const allocSpace = profile.sampleTypes.findIndex((t) => t.type === 'alloc_space')
  return allocSpace >= 0 ? allocSpace : selected
}

/** What the flame graph's hover reads besides the profile it draws. */
export interface HoverContext {
  /** The opened profile, whose hints the tooltip shows (null: none). */
  opened: Profile | null
  /** The sample type its hints are ranked by: hintSampleType of the selected one. */
  hintType: number
  /** A comparison: the tooltip reads getCallNodeDiff of every sample type. */
  comparing: boolean
}

/**
 * Computes, when the page is idle after a load (or a change of refine, granularity or base),
 * what switching the sample type and hovering a frame of the flame graph read, so that a switch
 * only redraws and a hover only looks values up: the timings of every sample type, their totals,
 * in a comparison the base and current values per call node of every type, and the opened heap
 * profile's allocation hints (in steps of a few milliseconds). Per call node arrays are skipped
 * when they would take much memory. Returns a function that stops it (for an effect's cleanup).
 */
export function prefetchForHover(profile: Profile, hover: HoverContext): () => void {
  const nodes = getCallNodeTable(profile).length
  const types = profile.sampleTypes.length
  const tasks: IdleTask[] = []
  if (nodes * 8 * types <= PREFETCH_BYTES) {
    for (let t = 0; t < types; t++) tasks.push(() => (getTimings(profile, t), true))
  }
  tasks.push(() => {
    for (let t = 0; t < types; t++) getTotal(profile, t)
    return true
  })
  if (hover.comparing && nodes * 32 * types <= PREFETCH_BYTES) {
    for (let t = 0; t < types; t++) tasks.push(() => (getCallNodeDiff(profile, t), true))
  }
  const opened = hover.opened
  if (opened && isHeapProfile(opened)) {
    tasks.push(() => stepHints(opened, hover.hintType))
    tasks.push(() => (getFrameHintIndex(opened, hover.hintType), true))
  }
  return runWhenIdle(tasks)
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

const totalCache = new WeakMap<Profile, number[]>()

/**
 * pprof's report total for a sample type: Σ|v| over every sample, empty stacks included; for a
 * refined profile (store/report) the total of the whole profile it was refined from.
 */
export function getTotal(profile: Profile, sampleType: number): number {
  const whole = wholeProfileOf(profile)
  let perType = totalCache.get(whole)
  if (!perType) {
    perType = []
    totalCache.set(whole, perType)
  }
  let total = perType[sampleType]
  if (total === undefined) {
    total = sampleTotal(whole, sampleType)
    perType[sampleType] = total
  }
  return total
}

/**
 * A small cache of the last few results of a function of object identities and flags. `peek`
 * gives a cached result without computing it; `put` caches a result computed elsewhere.
 */
function lastResults<K extends unknown[], V>(size: number, compute: (...key: K) => V) {
  const entries: {key: K; value: V}[] = []
  const find = (key: K) => entries.find((e) => e.key.every((k, i) => Object.is(k, key[i])))
  const put = (key: K, value: V) => {
    entries.unshift({key, value})
    if (entries.length > size) entries.pop()
  }
  const get = (...key: K): V => {
    const hit = find(key)
    if (hit) return hit.value
    const value = compute(...key)
    put(key, value)
    return value
  }
  return Object.assign(get, {
    peek: (...key: K): V | undefined => find(key)?.value,
    put: (value: V, ...key: K): void => {
      if (!find(key)) put(key, value)
    },
  })
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

/** Both sides of a comparison per function, for every sample type, per -diff_base merge. */
const changeTables = new WeakMap<Profile, ChangeTable>()

/**
 * The "What changed" lists of a comparison (pprof -base semantics per function), computed in
 * steps (a job for the view to run and wait for). The -diff_base merge is the diff flame
 * graph's when it has made it, and is kept for it otherwise; the per-function values of both
 * sides are kept for every sample type, so that changing the ranking or the type only sorts.
 */
export const getWhatChangedJob = lastResults(
  4,
  (
    current: Profile,
    base: Profile,
    sampleType: number,
    normalize: boolean,
    by: 'flat' | 'cum',
  ): SteppedJob<ChangeSummary> =>
    new SteppedJob(function* (): Steps<ChangeSummary> {
      let merged = getShownProfile.peek(current, base, 'diff_base', normalize)
      if (!merged) {
        merged = yield* mergeForDiffSteps(current, base, {mode: 'diff_base', normalize})
        getShownProfile.put(merged, current, base, 'diff_base', normalize)
      }
      let table = changeTables.get(merged)
      if (!table) {
        table = yield* changeTableSteps(merged, merged.sampleTypes.map((_, i) => i))
        changeTables.set(merged, table)
      }
      return yield* summarizeChangesSteps(table, sampleType, {by, limit: 15})
    }),
)

/** The series on screen as analysis sees it (ordered, with times and notes). */
export const getSeries = lastResults(2, (profiles: Profile[]): Series => orderSeries(profiles))

/**
 * The leak-suspect ranking of a series, by function or by call path, computed in steps (a job
 * for the view to run and wait for).
 */
export const getLeakReportJob = lastResults(
  4,
  (series: Series, by: LeakGrouping): SteppedJob<LeakReport> =>
    new SteppedJob(() => leakSuspectSteps(series, {by, limit: 50})),
)

/** The hints of a profile per ranking sample type: computed, or being computed in steps. */
const hintsCache = new WeakMap<Profile, Map<number, AllocationHint[] | Steps<AllocationHint[]>>>()

function hintsOf(profile: Profile) {
  let perType = hintsCache.get(profile)
  if (!perType) {
    perType = new Map()
    hintsCache.set(profile, perType)
  }
  return perType
}

/**
 * Advances the computation of a profile's hints by one step (a few milliseconds), starting it
 * if needed; true when they are computed, else how far it has got.
 */
function advanceHints(profile: Profile, sampleType: number): StepProgress | true {
  const perType = hintsOf(profile)
  let hints = perType.get(sampleType)
  if (Array.isArray(hints)) return true
  hints ??= allocationHintSteps(profile, sampleType, {limit: 30})
  perType.set(sampleType, hints)
  try {
    const step = hints.next()
    if (!step.done) return step.value
    perType.set(sampleType, step.value)
    return true
  } catch (e) {
    perType.delete(sampleType)
    throw e
  }
}

/** advanceHints: true when the hints are computed. */
function stepHints(profile: Profile, sampleType: number): boolean {
  return advanceHints(profile, sampleType) === true
}

/**
 * A profile's hints (getHints) as a job for the Hints view to run and wait for. It shares the
 * work with prefetchForHover: what one has done, the other does not do again, and stopping the
 * job keeps what it did.
 */
export const getHintsJob = lastResults(
  4,
  (profile: Profile, sampleType: number): SteppedJob<AllocationHint[]> =>
    new SteppedJob(function* (): Steps<AllocationHint[]> {
      // Not yield*: cancelling the job must not end the shared computation.
      for (;;) {
        const step = advanceHints(profile, sampleType)
        if (step === true) break
        yield step
      }
      return hintsOf(profile).get(sampleType) as AllocationHint[]
    }),
)

/**
 * Allocation-hotspot hints of a heap profile, ranked by a sample type. Finishes at once what
 * prefetchForHover has begun.
 */
export function getHints(profile: Profile, sampleType: number): AllocationHint[] {
  let done = false
  while (!done) done = stepHints(profile, sampleType)
  return hintsOf(profile).get(sampleType) as AllocationHint[]
}

const frameHintIndexes = new WeakMap<Profile, Map<number, Map<string, AllocationHint[]>>>()

/** getHints grouped by user function. */
function getFrameHintIndex(profile: Profile, sampleType: number): Map<string, AllocationHint[]> {
  let perType = frameHintIndexes.get(profile)
  if (!perType) {
    perType = new Map()
    frameHintIndexes.set(profile, perType)
  }
  let index = perType.get(sampleType)
  if (!index) {
    index = new Map()
    for (const h of getHints(profile, sampleType)) {
      const list = index.get(h.userFunction)
      if (list) list.push(h)
      else index.set(h.userFunction, [h])
    }
    perType.set(sampleType, index)
  }
  return index
}

/**
 * The hints (of getHints, in its order) whose user function is `name`: what the flame graph's
 * tooltip shows for a frame of that function.
 */
export function getFrameHints(profile: Profile, sampleType: number, name: string): AllocationHint[] {
  return getFrameHintIndex(profile, sampleType).get(name) ?? []
}

/** Per function bytes per object and retention of a heap profile (null for other kinds). */
export const getHeapInsight = lastResults(
  2,
  (profile: Profile): HeapInsight | null => heapInsight(profile),
)

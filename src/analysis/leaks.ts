import {
  functionTableSteps,
  HEAP_TYPES,
  pathTableSteps,
  type Columns,
  type Grid,
  type HeapTypeName,
} from './leak-tables'
import {elapsedMillis, sampleTypeIndex, type Series} from './series'
import {runSteps, sortedSteps, type Steps} from './steps'
import {sampleTotal} from './top'

/**
 * Leak suspects over a series of heap snapshots: which functions (or call paths) hold more and
 * more memory, snapshot after snapshot.
 *
 * Values per snapshot are pprof's: by 'function', flat and cum exactly as computeTop (i.e.
 * `go tool pprof -top`) gives them for that snapshot and sample type; by 'path', the sum of the
 * samples whose stack, as function names from root to leaf, is that path (what `-traces` lists).
 *
 * What is ranked, and why:
 * - by 'function', **flat** by default: the function that allocated the retained memory. cum
 *   grows just as much in every caller of a leak (main.main, runtime.main…), so ranking on cum
 *   fills the top with callers; it is kept as a column (`other`) and as `basis: 'cum'`.
 * - by 'path', the self value of each full call path: the allocation site with its callers,
 *   which also tells a leak through a library function (bytes.growSlice…) which user code it is.
 *
 * The score (per quantity q = inuse_space and inuse_objects; the row's score is the larger):
 *
 *   score(q) = growth(q) / max total(q)  ×  intervals grown / intervals  ×  R²(q)
 *
 * where growth = last − first (0 or less gives score 0), max total is the largest report total
 * of q over the series (so the first factor is "the share of the heap this site added"), an
 * interval is a pair of consecutive snapshots, and R² is that of the least-squares line through
 * (capture time, value) — or (position, value) without usable times — counted only for a rising
 * line. A leak grows in every interval along a straight line: all three factors are high. A
 * steady site (a ring buffer, a cache at capacity) has growth 0; churn (allocates a lot, keeps
 * nothing) has in-use values near 0 and a tiny, irregular growth; a big site that merely
 * fluctuates loses on the two steadiness factors; a tiny site that grows steadily loses on size.
 * The factors are all in the row, so the UI can say why a row ranks where it does.
 */

/** Rows per function or per call path. */
export type LeakGrouping = 'function' | 'path'

/** Which value of a function is ranked: flat (the allocation site) or cum. */
export type LeakBasis = 'flat' | 'cum'

export interface LeakOptions {
  by: LeakGrouping
  /** Rows returned, best first. Default 50; Infinity for all. */
  limit?: number
  /** by 'function' only: the value ranked. Default 'flat' (see the module comment). */
  basis?: LeakBasis
}

/** One quantity over the series and how it moved. */
export interface Trend {
  /** Per snapshot, first to last (0 where the function or path is absent). */
  values: number[]
  /** last − first. */
  growth: number
  /** growth per hour between the first and last capture; null without usable times. */
  growthPerHour: number | null
  /** How many intervals (consecutive snapshots) it rose in, out of `intervals`. */
  grewIntervals: number
  intervals: number
  /** R² of the least-squares line through the values; 0 if it does not rise. */
  r2: number
  /** This quantity's score (see the module comment). */
  score: number
}

/** Values per snapshot of one quantity (null when the profiles lack that sample type). */
export type Values = number[] | null

export interface LeakRow {
  /** The function; by 'path', the path's leaf (the function that allocated). */
  name: string
  /** By 'path': function names from root to leaf. null by 'function'. */
  path: string[] | null
  /** The ranked basis: 'flat' by 'function' unless asked otherwise, 'self' by 'path'. */
  basis: LeakBasis | 'self'
  inuseSpace: Trend
  inuseObjects: Trend
  /** alloc_* per snapshot on the same basis: cumulative since the program started. */
  allocSpace: Values
  allocObjects: Values
  /** alloc_space last − first: bytes allocated between the first and last snapshot. */
  allocGrowth: number | null
  /**
   * inuse_space growth ÷ allocGrowth: near 1 when what it allocates stays (a leak), near 0 when
   * it allocates a lot and keeps nothing (churn). null when allocGrowth ≤ 0 or unknown.
   */
  retainedFraction: number | null
  /** The ranking key: max(inuseSpace.score, inuseObjects.score). */
  score: number
  /** By 'function': the other basis' in-use values (cum when ranked on flat). */
  other: {basis: LeakBasis; inuseSpace: Values; inuseObjects: Values} | null
}

export interface LeakReport {
  rows: LeakRow[]
  /** How many functions or paths were ranked (rows is cut to the limit). */
  candidates: number
  /** Report totals per snapshot (the timeline), e.g. to scale sparklines alike. */
  totals: {inuseSpace: Values; inuseObjects: Values}
  /** What R² and the rates were computed against. */
  x: 'time' | 'index'
  warnings: string[]
}

const MS_PER_HOUR = 3_600_000

// Keys scored between two yields.
const KEYS_PER_STEP = 8192

/** Ranks functions or call paths by how steadily their in-use memory grows over the series. */
export function rankLeakSuspects(series: Series, options: LeakOptions): LeakReport {
  return runSteps(leakSuspectSteps(series, options))
}

/**
 * rankLeakSuspects in steps of a few milliseconds (see steps.ts), with the same report: for a
 * series of big snapshots, which take seconds. Progress in snapshots read, then in the
 * functions or call paths scored.
 */
export function* leakSuspectSteps(series: Series, options: LeakOptions): Steps<LeakReport> {
  const profiles = series.profiles
  const warnings: string[] = []
  const present = HEAP_TYPES.filter((t) => profiles.every((p) => sampleTypeIndex(p, t) >= 0))
  if (!present.includes('inuse_space') || !present.includes('inuse_objects')) {
    warnings.push('Leak suspects need heap profiles: some profile has no inuse_space/objects.')
    const totals = {inuseSpace: null, inuseObjects: null}
    return {rows: [], candidates: 0, totals, x: 'index', warnings}
  }
  if (profiles.length < 2) warnings.push('A series needs at least two snapshots to show growth.')
  const elapsed = elapsedMillis(series)
  const x = elapsed ?? profiles.map((_, i) => i)
  const hours = elapsed && elapsed.length > 1 ? elapsed[elapsed.length - 1] / MS_PER_HOUR : null
  const totalsOf = (t: HeapTypeName) => profiles.map((p) => sampleTotal(p, sampleTypeIndex(p, t)))
  const totals = {inuseSpace: totalsOf('inuse_space'), inuseObjects: totalsOf('inuse_objects')}
  const maxSpace = Math.max(0, ...totals.inuseSpace)
  const maxObjects = Math.max(0, ...totals.inuseObjects)

  const byFunction = options.by === 'function'
  const basis: LeakBasis = byFunction ? (options.basis ?? 'flat') : 'flat'
  const inuse: HeapTypeName[] = ['inuse_space', 'inuse_objects']
  const table = !byFunction
    ? yield* pathTableSteps(profiles, present)
    : yield* functionTableSteps(profiles, present, basis === 'cum' ? present : inuse)
  const ranked = basis === 'cum' ? (table.cum as Columns) : table.flat
  const other = byFunction ? (basis === 'cum' ? table.flat : table.cum) : null
  const space = ranked.get('inuse_space') as Grid
  const objects = ranked.get('inuse_objects') as Grid
  const grids = present.map((t) => ranked.get(t) as Grid)

  // Score every key cheaply, sort, then build rows for those returned only.
  const count = table.names.length
  const stage = byFunction ? 'functions' : 'call paths'
  const score = new Float64Array(count)
  const growth = new Float64Array(count)
  const candidates: number[] = []
  const scoreKeys = (from: number, to: number) => {
    for (let key = from; key < to; key++) {
      // A key with no value on the ranked basis (a caller, on flat) is not a candidate.
      if (grids.every((g) => g.isZero(key))) continue
      const s = space.row(key)
      score[key] = Math.max(trendScore(s, x, maxSpace), trendScore(objects.row(key), x, maxObjects))
      growth[key] = s.length > 1 ? s[s.length - 1] - s[0] : 0
      candidates.push(key)
    }
  }
  for (let key = 0; key < count; key += KEYS_PER_STEP) {
    const end = Math.min(count, key + KEYS_PER_STEP)
    scoreKeys(key, end)
    yield {stage, done: end, total: count}
  }
  const limit = Math.max(0, options.limit ?? 50)
  const best = yield* sortedSteps(
    candidates,
    (a, b) =>
      score[b] - score[a] ||
      growth[b] - growth[a] ||
      table.nameRank[a] - table.nameRank[b] ||
      a - b,
    limit,
    stage,
  )
  const column = (columns: Columns | null, t: HeapTypeName, key: number): Values => {
    const grid = columns?.get(t)
    return grid ? Array.from(grid.row(key)) : null
  }
  const rows = best.map((key): LeakRow => {
    const inuseSpace = trend(Array.from(space.row(key)), x, hours, maxSpace)
    const inuseObjects = trend(Array.from(objects.row(key)), x, hours, maxObjects)
    const allocSpace = column(ranked, 'alloc_space', key)
    const allocGrowth = allocSpace ? allocSpace[allocSpace.length - 1] - allocSpace[0] : null
    return {
      name: table.names[key],
      path: table.path(key),
      basis: byFunction ? basis : 'self',
      inuseSpace,
      inuseObjects,
      allocSpace,
      allocObjects: column(ranked, 'alloc_objects', key),
      allocGrowth,
      retainedFraction:
        allocGrowth !== null && allocGrowth > 0 ? inuseSpace.growth / allocGrowth : null,
      score: score[key],
      other: other
        ? {
            basis: basis === 'cum' ? 'flat' : 'cum',
            inuseSpace: column(other, 'inuse_space', key),
            inuseObjects: column(other, 'inuse_objects', key),
          }
        : null,
    }
  })
  return {rows, candidates: candidates.length, totals, x: elapsed ? 'time' : 'index', warnings}
}

/** The trend of one series of values (see the module comment for the score). */
export function trend(
  values: number[],
  x: readonly number[],
  hours: number | null,
  maxTotal: number,
): Trend {
  const n = values.length
  const growth = n > 1 ? values[n - 1] - values[0] : 0
  return {
    values,
    growth,
    growthPerHour: hours !== null && hours > 0 ? growth / hours : null,
    grewIntervals: grewIntervals(values),
    intervals: Math.max(0, n - 1),
    r2: risingR2(x, values),
    score: trendScore(values, x, maxTotal),
  }
}

function grewIntervals(values: ArrayLike<number>): number {
  let grew = 0
  for (let i = 1; i < values.length; i++) if (values[i] > values[i - 1]) grew++
  return grew
}

/** growth ÷ maxTotal × intervals grown ÷ intervals × R²; 0 unless it grew. */
export function trendScore(
  values: ArrayLike<number>,
  x: readonly number[],
  maxTotal: number,
): number {
  const n = values.length
  const growth = n > 1 ? values[n - 1] - values[0] : 0
  if (!(growth > 0) || !(maxTotal > 0)) return 0
  return (growth / maxTotal) * (grewIntervals(values) / (n - 1)) * risingR2(x, values)
}

/** R² of the least-squares line through (x[i], y[i]); 0 when the line does not rise. */
export function risingR2(x: readonly number[], y: ArrayLike<number>): number {
  const n = y.length
  if (n < 2) return 0
  let mx = 0
  let my = 0
  for (let i = 0; i < n; i++) {
    mx += x[i] / n
    my += y[i] / n
  }
  let sxy = 0
  let sxx = 0
  let syy = 0
  for (let i = 0; i < n; i++) {
    const dx = x[i] - mx
    const dy = y[i] - my
    sxy += dx * dy
    sxx += dx * dx
    syy += dy * dy
  }
  if (sxx === 0 || syy === 0 || sxy <= 0) return 0
  return Math.min(1, (sxy * sxy) / (sxx * syy))
}

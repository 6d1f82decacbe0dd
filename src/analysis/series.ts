import type {Profile} from '../model/profile'
import {compareNames, sampleTotal} from './top'

/**
 * A series: several profiles of one program taken over time (typically heap snapshots), put in
 * capture order, with the total of a sample type per snapshot for a timeline.
 *
 * Order: by capture time (`time_nanos`, the model's timeMillis) when every profile has one, ties
 * broken by file name; otherwise by file name alone, in natural order ("heap-2" before
 * "heap-10"). Mixing the two is not an order (a profile without a time cannot be placed among
 * timed ones), so one missing time switches the whole series to names, with a warning.
 */

/** How a series was ordered. */
export type SeriesOrder = 'time' | 'name'

export interface Series {
  /** The snapshots, first to last. */
  profiles: Profile[]
  orderedBy: SeriesOrder
  /**
   * Capture time per snapshot in ms since the epoch, or null when unknown. Only when every time
   * is known and they strictly increase can elapsed time be used (see elapsedMillis).
   */
  timesMillis: (number | null)[]
  /** Plain-words notes for the UI: missing times, different binaries, missing sample types… */
  warnings: string[]
}

/** One point of a series timeline. */
export interface SeriesPoint {
  /** Position in the series, from 0. */
  index: number
  fileName: string
  timeMillis: number | null
  /** pprof's report total (Σ|v|) of the sample type there; null if it lacks the type. */
  total: number | null
}

const RUNS = /\d+|\D+/g

/**
 * Natural order of file names: runs of digits compare as numbers (heap-2 < heap-10), other
 * runs in Go's string order; names equal that way (heap-01, heap-1) fall back to Go order.
 */
export function compareNatural(a: string, b: string): number {
  const x = a.match(RUNS) ?? []
  const y = b.match(RUNS) ?? []
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const c = compareRun(x[i], y[i])
    if (c !== 0) return c
  }
  return x.length - y.length || compareNames(a, b)
}

function compareRun(x: string, y: string): number {
  if (!isDigit(x) || !isDigit(y)) return compareNames(x, y)
  const u = x.replace(/^0+(?=\d)/, '')
  const v = y.replace(/^0+(?=\d)/, '')
  return u.length - v.length || compareNames(u, v)
}

function isDigit(run: string): boolean {
  const c = run.charCodeAt(0)
  return c >= 48 && c <= 57
}

function hasTime(p: Profile): boolean {
  return Number.isFinite(p.timeMillis) && p.timeMillis > 0
}

/**
 * Puts profiles in capture order (see the module comment) and notes what makes the series
 * questionable: missing or equal times, profiles of different binaries or sample types, diffs.
 */
export function orderSeries(profiles: readonly Profile[]): Series {
  const warnings: string[] = []
  const allTimed = profiles.length > 0 && profiles.every(hasTime)
  const byName = (a: Profile, b: Profile) => compareNatural(a.fileName, b.fileName)
  const ordered = [...profiles].sort(
    allTimed ? (a, b) => a.timeMillis - b.timeMillis || byName(a, b) : byName,
  )
  const orderedBy: SeriesOrder = allTimed ? 'time' : 'name'
  const untimed = profiles.filter((p) => !hasTime(p)).length
  if (profiles.length > 1 && untimed > 0) {
    warnings.push(
      untimed === profiles.length
        ? 'No profile records its capture time: ordered by file name, and no rates per hour.'
        : `${untimed} of ${profiles.length} profiles do not record their capture time: ordered ` +
            'by file name, and no rates per hour.',
    )
  }
  if (allTimed) {
    for (let i = 1; i < ordered.length; i++) {
      if (ordered[i].timeMillis === ordered[i - 1].timeMillis) {
        warnings.push(
          `${ordered[i - 1].fileName} and ${ordered[i].fileName} have the same capture time.`,
        )
      }
    }
  }
  warnings.push(...consistencyWarnings(ordered))
  return {
    profiles: ordered,
    orderedBy,
    timesMillis: ordered.map((p) => (hasTime(p) ? p.timeMillis : null)),
    warnings,
  }
}

function consistencyWarnings(profiles: readonly Profile[]): string[] {
  const warnings: string[] = []
  if (profiles.length < 2) return warnings
  const ids = new Set(profiles.map((p) => p.buildId).filter((id) => id !== ''))
  const files = new Set(profiles.map((p) => p.mainFile).filter((f) => f !== ''))
  if (ids.size > 1 || files.size > 1) {
    warnings.push('The profiles come from different binaries (build ID or main file differ).')
  }
  const typeSets = new Set(profiles.map((p) => p.sampleTypes.map((t) => t.type).join(',')))
  if (typeSets.size > 1) warnings.push('The profiles do not all have the same sample types.')
  const periods = new Set(profiles.map((p) => p.period))
  if (periods.size > 1) {
    warnings.push('The profiles were sampled at different rates (period differs).')
  }
  for (const p of profiles) {
    if (p.samples.isBase !== undefined || hasNegativeValues(p)) {
      warnings.push(`${p.fileName} is a comparison (diff) profile, not a snapshot.`)
    }
  }
  return warnings
}

// pprof's -base writes the base's samples negated: a snapshot has no negative values.
function hasNegativeValues(p: Profile): boolean {
  return p.samples.values.some((column) => column.some((v) => v < 0))
}

/** The index of a sample type by name in a profile, -1 when it has none of that name. */
export function sampleTypeIndex(profile: Profile, type: string): number {
  return profile.sampleTypes.findIndex((t) => t.type === type)
}

/** The sample type names every snapshot has, in the first snapshot's order (for a picker). */
export function commonSampleTypes(series: Series): string[] {
  const [first, ...rest] = series.profiles
  if (!first) return []
  return first.sampleTypes
    .map((t) => t.type)
    .filter((type) => rest.every((p) => sampleTypeIndex(p, type) >= 0))
}

/** The timeline: per snapshot, the report total of a sample type (by name, e.g. 'inuse_space'). */
export function seriesTotals(series: Series, sampleType: string): SeriesPoint[] {
  return series.profiles.map((p, index) => {
    const t = sampleTypeIndex(p, sampleType)
    return {
      index,
      fileName: p.fileName,
      timeMillis: series.timesMillis[index],
      total: t < 0 ? null : sampleTotal(p, t),
    }
  })
}

/**
 * Milliseconds from the first snapshot to each snapshot, or null when some time is unknown or
 * the times do not strictly increase (then rates over time mean nothing).
 */
export function elapsedMillis(series: Series): number[] | null {
  const times = series.timesMillis
  if (times.length === 0 || times.some((t) => t === null)) return null
  const t = times as number[]
  for (let i = 1; i < t.length; i++) if (!(t[i] > t[i - 1])) return null
  return t.map((x) => x - t[0])
}

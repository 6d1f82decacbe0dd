import type {Profile} from '../model/profile'
import {sampleTypeIndex} from './series'
import {compareFlatOrder, computeTop, sampleTotal, type InlineAnnotation} from './top'

/**
 * Heap insight columns per function, from one heap profile that carries all four Go heap sample
 * types: the four values (flat and cum, exactly computeTop's, i.e. `go tool pprof -top`'s, for
 * each type) and two ratios that tell allocation patterns apart:
 *
 * - bytes per object = space ÷ objects (in use, and allocated): "many small allocations"
 *   (tens of bytes) versus "a few large ones" (kilobytes and up);
 * - retention = inuse_space ÷ alloc_space: the part of what was allocated that is still live.
 *   High: long-lived or growing (a cache, a leak). Low with a large alloc_space: GC churn,
 *   memory allocated and dropped, a candidate for reuse or pooling.
 *
 * Tags, on flat values (the function as the allocation site), thresholds chosen to flag only
 * rows that matter:
 * - 'churn': retention < 5% and ≥ 1% of all bytes allocated;
 * - 'retained': retention ≥ 50% and ≥ 1% of the bytes in use;
 * - 'small-objects': ≤ 64 B per allocated object and ≥ 1% of all objects allocated;
 * - 'large-objects': > 32 KiB per allocated object (Go gives each its own span).
 */

export interface FlatCum {
  flat: number
  cum: number
}

/** A ratio on flat and on cum values; null where the divisor is 0. */
export interface Ratio {
  flat: number | null
  cum: number | null
}

export type InsightTag = 'churn' | 'retained' | 'small-objects' | 'large-objects'

export interface InsightRow {
  name: string
  /** pprof's inline annotation, from the profile's default sample type when the row is in it. */
  annotation: InlineAnnotation
  inuseSpace: FlatCum
  inuseObjects: FlatCum
  allocSpace: FlatCum
  allocObjects: FlatCum
  /** inuse_space ÷ inuse_objects and alloc_space ÷ alloc_objects. */
  bytesPerObject: {inuse: Ratio; alloc: Ratio}
  /** inuse_space ÷ alloc_space. */
  retention: Ratio
  tags: InsightTag[]
}

export interface HeapInsight {
  /** Every function with a value in some type, in pprof's flat order of the default type. */
  rows: InsightRow[]
  /** Report totals per type. */
  totals: {inuseSpace: number; inuseObjects: number; allocSpace: number; allocObjects: number}
  /** The whole profile's bytes per object and retention. */
  overall: {bytesPerObject: {inuse: number | null; alloc: number | null}; retention: number | null}
}

const TYPES = ['inuse_space', 'inuse_objects', 'alloc_space', 'alloc_objects'] as const
type Key = 'inuseSpace' | 'inuseObjects' | 'allocSpace' | 'allocObjects'
const KEYS: Key[] = ['inuseSpace', 'inuseObjects', 'allocSpace', 'allocObjects']

/** Tag thresholds (see the module comment). */
export const INSIGHT_THRESHOLDS = {
  churnRetention: 0.05,
  retainedRetention: 0.5,
  minShare: 0.01,
  smallObjectBytes: 64,
  largeObjectBytes: 32 * 1024,
}

function ratio(a: number, b: number): number | null {
  return b === 0 ? null : a / b
}

/** The insight columns of a heap profile; null when it lacks one of the four heap types. */
export function heapInsight(profile: Profile): HeapInsight | null {
  const indexes = TYPES.map((t) => sampleTypeIndex(profile, t))
  if (indexes.some((i) => i < 0)) return null
  const byName = new Map<string, InsightRow>()
  const annotations = new Map<string, InlineAnnotation>()
  // The default type last, so that its inline annotation wins.
  const order = [0, 1, 2, 3].sort(
    (a, b) =>
      Number(indexes[a] === profile.defaultSampleType) -
      Number(indexes[b] === profile.defaultSampleType),
  )
  for (const k of order) {
    for (const r of computeTop(profile, indexes[k]).rows) {
      let row = byName.get(r.name)
      if (!row) {
        row = emptyRow(r.name)
        byName.set(r.name, row)
      }
      row[KEYS[k]] = {flat: r.flat, cum: r.cum}
      annotations.set(r.name, r.annotation)
    }
  }
  const [inuseSpace, inuseObjects, allocSpace, allocObjects] = indexes.map((i) =>
    sampleTotal(profile, i),
  )
  const totals = {inuseSpace, inuseObjects, allocSpace, allocObjects}
  const rows = [...byName.values()]
  for (const row of rows) {
    row.annotation = annotations.get(row.name) ?? ''
    const per = (a: FlatCum, b: FlatCum): Ratio => ({
      flat: ratio(a.flat, b.flat),
      cum: ratio(a.cum, b.cum),
    })
    row.bytesPerObject = {
      inuse: per(row.inuseSpace, row.inuseObjects),
      alloc: per(row.allocSpace, row.allocObjects),
    }
    row.retention = per(row.inuseSpace, row.allocSpace)
    row.tags = tagsOf(row, totals)
  }
  const defaultKey = KEYS[indexes.indexOf(profile.defaultSampleType)] ?? 'inuseSpace'
  const asTop = (r: InsightRow) => ({name: r.name, annotation: r.annotation, ...r[defaultKey]})
  rows.sort((a, b) => compareFlatOrder(asTop(a), asTop(b)))
  return {
    rows,
    totals,
    overall: {
      bytesPerObject: {
        inuse: ratio(inuseSpace, inuseObjects),
        alloc: ratio(allocSpace, allocObjects),
      },
      retention: ratio(inuseSpace, allocSpace),
    },
  }
}

function emptyRow(name: string): InsightRow {
  const zero = () => ({flat: 0, cum: 0})
  const none = () => ({flat: null, cum: null})
  return {
    name,
    annotation: '',
    inuseSpace: zero(),
    inuseObjects: zero(),
    allocSpace: zero(),
    allocObjects: zero(),
    bytesPerObject: {inuse: none(), alloc: none()},
    retention: none(),
    tags: [],
  }
}

function tagsOf(row: InsightRow, totals: HeapInsight['totals']): InsightTag[] {
  const t = INSIGHT_THRESHOLDS
  const tags: InsightTag[] = []
  const retention = row.retention.flat
  const perObject = row.bytesPerObject.alloc.flat
  const share = (v: number, total: number) => total > 0 && v / total >= t.minShare
  if (retention !== null && retention < t.churnRetention) {
    if (share(row.allocSpace.flat, totals.allocSpace)) tags.push('churn')
  }
  if (retention !== null && retention >= t.retainedRetention) {
    if (share(row.inuseSpace.flat, totals.inuseSpace)) tags.push('retained')
  }
  if (perObject !== null && perObject <= t.smallObjectBytes) {
    if (share(row.allocObjects.flat, totals.allocObjects)) tags.push('small-objects')
  }
  if (perObject !== null && perObject > t.largeObjectBytes) tags.push('large-objects')
  return tags
}

import type {Profile, SampleTable, ValueType} from '../model/profile'
import {checkComparable} from './diff-check'
import {PairIds} from './diff-pair-map'
import {UnionTables} from './diff-tables'
import {scaleValue} from './format'
import {runSteps, type Steps} from './steps'

// Samples merged between two yields: a few milliseconds of work.
const SAMPLES_PER_STEP = 1 << 14

export {checkComparable, type Comparability} from './diff-check'

/**
 * Comparing two profiles the way `go tool pprof -base` / `-diff_base` / `-normalize` does
 * (go1.19's pprof: internal/driver/fetch.go fetchProfiles, profile/merge.go,
 * internal/measurement ScaleProfiles), on the model's tables:
 *
 *   if normalize: current values ×= Σ base / Σ current, per sample type, rounded
 *   base values ×= -1
 *   units unified per sample type (to the finer unit of the two)
 *   merged = current's samples, then base's; samples with the same key add up element-wise;
 *            merged samples whose values are all 0 are dropped
 *
 * A sample's key is (call path, `bytes` numeric label, and for -diff_base which side it came
 * from), so with -base a stack that is identical in both cancels, and with -diff_base base samples
 * stay apart (pprof labels them `pprof::base`) and the report total is the base's total.
 *
 * Known differences from pprof, from what the model does not keep: pprof also keys samples by
 * location address and by string labels, and functions by start line and system name. Samples
 * that differ only there (e.g. one line with two call sites, or stacks that differ only in the
 * runtime frames Go hides) are added up here and kept apart by pprof. Top rows never change; the
 * -base total changes only if such samples have opposite signs; -normalize may round them
 * differently (±1 per sample, seen on fixtures/leak heap-005 alloc_objects). A location address
 * per stack entry in the model would remove the difference.
 */

/** 'base': pprof's -base (net values, identical samples cancel); 'diff_base': its -diff_base. */
export type DiffMode = 'base' | 'diff_base'

export interface DiffOptions {
  mode: DiffMode
  /** pprof's -normalize: scale the current profile so each sample type sums to the base's sum. */
  normalize: boolean
}

/**
 * The model's SampleTable plus the -diff_base side column. Proposed as an optional model field:
 * `isBase[s]` is 1 when merged sample s came from the base profile (pprof's `pprof::base` label).
 * Absent on every profile but a -diff_base merge.
 */
export type DiffSampleTable = SampleTable & {isBase?: Uint8Array}

let nextDiffId = 1_500_000_000

/** A fresh Profile.id for profiles made here (far above the decoder's ids, which count from 1). */
export function nextDiffProfileId(): number {
  return nextDiffId++
}

/** The isBase column of a merged profile, or null when it has none. */
export function isBaseColumn(profile: Profile): Uint8Array | null {
  return (profile.samples as DiffSampleTable).isBase ?? null
}

/**
 * pprof's report total (report.computeTotal, no -mean) for one sample type: Σ|v| over all
 * samples, or, when some samples came from a -diff_base base and their Σ|v| is > 0, Σ|v| over
 * those alone. Equal to top.ts's sampleTotal on profiles without an isBase column.
 */
export function reportTotal(profile: Profile, sampleType: number): number {
  const values = profile.samples.values[sampleType]
  const isBase = isBaseColumn(profile)
  let total = 0
  let baseTotal = 0
  for (let s = 0; s < values.length; s++) {
    const v = Math.abs(values[s])
    total += v
    if (isBase !== null && isBase[s] === 1) baseTotal += v
  }
  return baseTotal > 0 ? baseTotal : total
}

// A working copy of a profile's samples.
interface Samples {
  stack: Int32Array
  values: Float64Array[]
  bytes: Float64Array | null
  isBase: Uint8Array | null
  length: number
}

// Go's int64(math.Round(x)): halves away from zero (Math.round takes -2.5 to -2), no -0.
function goRound(x: number): number {
  const r = x < 0 ? -Math.round(-x) : Math.round(x)
  return r === 0 ? 0 : r
}

/**
 * pprof's Profile.ScaleN, in steps: value ×= ratio, rounded, for the types whose ratio is not 1;
 * a sample is kept only if one of those scaled values is nonzero (pprof's quirk: values of types
 * with ratio 1 do not keep a sample). All ratios 1: the samples are returned as they are.
 */
function* scaleN(s: Samples, ratios: number[]): Steps<Samples> {
  if (ratios.every((r) => r === 1)) return s
  const progress = {stage: 'samples', done: s.length, total: s.length}
  const values = s.values.map((col, t) => (ratios[t] === 1 ? col : new Float64Array(col.length)))
  const keep = new Uint8Array(s.length)
  let count = 0
  const scale = (from: number, to: number) => {
    for (let t = 0; t < values.length; t++) {
      if (ratios[t] === 1) continue
      const [col, out, ratio] = [s.values[t], values[t], ratios[t]]
      for (let j = from; j < to; j++) out[j] = goRound(col[j] * ratio)
    }
    for (let j = from; j < to; j++) {
      for (let t = 0; t < values.length; t++) {
        if (ratios[t] !== 1 && values[t][j] !== 0) {
          keep[j] = 1
          count++
          break
        }
      }
    }
  }
  for (let j = 0; j < s.length; j += SAMPLES_PER_STEP) {
    scale(j, Math.min(s.length, j + SAMPLES_PER_STEP))
    yield progress
  }
  const pick = <T extends Int32Array | Float64Array | Uint8Array>(col: T): T => {
    const out = new (col.constructor as new (n: number) => T)(count)
    for (let j = 0, k = 0; j < s.length; j++) if (keep[j] === 1) out[k++] = col[j]
    return out
  }
  const stack = pick(s.stack)
  yield progress
  const picked = values.map(pick)
  yield progress
  return {
    stack,
    values: picked,
    bytes: s.bytes === null ? null : pick(s.bytes),
    isBase: s.isBase === null ? null : pick(s.isBase),
    length: count,
  }
}

function samplesOf(p: Profile): Samples {
  const {stack, values, bytes, length} = p.samples
  return {stack, values, bytes, isBase: null, length}
}

interface MergePart {
  samples: Samples
  /** The samples' stack entries → union stack entries; null when they already are. */
  stackMap: Int32Array | null
  /** 1 to keep these samples apart from the others (pprof's `pprof::base` label). */
  isBase: number
}

/**
 * pprof's Merge of the samples: all-zero samples skipped, samples with the same (stack, bytes
 * label, isBase) added up element-wise, in first-seen order, then the merged samples whose values
 * are all 0 dropped.
 */
function* mergeSamplesSteps(
  parts: MergePart[],
  nTypes: number,
): Steps<Samples & {isBase: Uint8Array}> {
  let capacity = 0
  for (const part of parts) capacity += part.samples.length
  const stack = new Int32Array(capacity)
  const values = Array.from({length: nTypes}, () => new Float64Array(capacity))
  const hasBytes = parts.some((part) => part.samples.bytes !== null)
  const bytes = new Float64Array(hasBytes ? capacity : 0)
  const isBase = new Uint8Array(capacity)
  const keys = new PairIds(capacity)
  yield* keys.touchSteps({stage: 'samples', done: 0, total: capacity})
  const labelIds = new Map<number, number>() // bytes label (NaN when absent) → id; NaN keys work
  let n = 0
  const add = (part: MergePart, from: number, to: number) => {
    const s = part.samples
    for (let j = from; j < to; j++) {
      let zero = true
      for (let t = 0; t < nTypes && zero; t++) zero = s.values[t][j] === 0
      if (zero) continue
      const st = s.stack[j] < 0 || part.stackMap === null ? s.stack[j] : part.stackMap[s.stack[j]]
      const b = s.bytes === null ? NaN : s.bytes[j]
      let label = labelIds.get(b)
      if (label === undefined) {
        label = labelIds.size
        labelIds.set(b, label)
      }
      const id = keys.idOf(st + 1, label * 2 + part.isBase)
      if (id === n) {
        stack[n] = st
        if (hasBytes) bytes[n] = b
        isBase[n] = part.isBase
        n++
      }
      for (let t = 0; t < nTypes; t++) values[t][id] += s.values[t][j]
    }
  }
  let done = 0
  for (const part of parts) {
    const length = part.samples.length
    for (let j = 0; j < length; j += SAMPLES_PER_STEP) {
      add(part, j, Math.min(length, j + SAMPLES_PER_STEP))
      yield {stage: 'samples', done: done + Math.min(length, j + SAMPLES_PER_STEP), total: capacity}
    }
    done += length
  }
  // The merged samples with a nonzero value, copied out in order, in steps too.
  const kept = new Uint8Array(n)
  let count = 0
  const mark = (from: number, to: number) => {
    for (let id = from; id < to; id++) {
      for (let t = 0; t < nTypes; t++) {
        if (values[t][id] !== 0) {
          kept[id] = 1
          count++
          break
        }
      }
    }
  }
  for (let id = 0; id < n; id += SAMPLES_PER_STEP) {
    mark(id, Math.min(n, id + SAMPLES_PER_STEP))
    yield {stage: 'samples', done: capacity, total: capacity}
  }
  const out = {
    stack: new Int32Array(count),
    values: values.map(() => new Float64Array(count)),
    bytes: hasBytes ? new Float64Array(count) : null,
    isBase: new Uint8Array(count),
    length: count,
  }
  let k = 0
  const copy = (from: number, to: number) => {
    for (let id = from; id < to; id++) {
      if (kept[id] === 0) continue
      out.stack[k] = stack[id]
      for (let t = 0; t < nTypes; t++) out.values[t][k] = values[t][id]
      if (out.bytes !== null) out.bytes[k] = bytes[id]
      out.isBase[k] = isBase[id]
      k++
    }
  }
  for (let id = 0; id < n; id += SAMPLES_PER_STEP) {
    copy(id, Math.min(n, id + SAMPLES_PER_STEP))
    yield {stage: 'samples', done: capacity, total: capacity}
  }
  return out
}

// Σ value per sample type, signed (pprof's Normalize sums int64 values as they are).
function sums(s: Samples): number[] {
  return s.values.map((col) => {
    let sum = 0
    for (let j = 0; j < s.length; j++) sum += col[j]
    return sum
  })
}

// pprof's Profile.Normalize: the ratios that scale `current` to the base's sums.
function normalizeRatios(current: Samples, base: Samples): number[] {
  const baseSums = sums(base)
  return sums(current).map((src, t) => (src === 0 ? 0 : baseSums[t] / src))
}

// pprof's default-sample-type rule after combineHeaders (the first non-empty default wins),
// from the model's resolved indices: a default that is not the last type was set explicitly.
function mergedDefault(current: Profile, base: Profile): number {
  const last = current.sampleTypes.length - 1
  if (current.defaultSampleType !== last) return current.defaultSampleType
  if (base.defaultSampleType === last) return last
  const name = base.sampleTypes[base.defaultSampleType]?.type
  const index = current.sampleTypes.findIndex((t) => t.type === name)
  return index >= 0 ? index : last
}

/**
 * A new Profile: `current` minus `base`, as pprof builds it for `-base` (mode 'base') or
 * `-diff_base` (mode 'diff_base'), optionally with `-normalize`. See the module comment for the
 * steps; values are exact integers. Tables are new (shared by both inputs' samples), with only
 * what the merged samples use. Samples: current's first (merged in file order), then base's that
 * did not merge. Mode 'diff_base' adds `samples.isBase` (see DiffSampleTable); use reportTotal for
 * pprof's total. Headers as pprof's combineHeaders: sample types and period type from current
 * (units unified), period the larger, time as pprof (the earliest, but a later 0 wins), durations
 * added, comments deduplicated, drop/keep frames from current, the main binary from current
 * (from base when current names none).
 * Throws an Error with checkComparable's message when the profiles cannot be compared.
 */
export function mergeForDiff(current: Profile, base: Profile, options: DiffOptions): Profile {
  return runSteps(mergeForDiffSteps(current, base, options))
}

/**
 * mergeForDiff in steps of a few milliseconds (see steps.ts), with the same profile: for big
 * profiles, which take seconds. Progress in stacks, then samples. Throws (when first stepped)
 * as mergeForDiff does.
 */
export function* mergeForDiffSteps(
  current: Profile,
  base: Profile,
  options: DiffOptions,
): Steps<Profile> {
  const {error} = checkComparable(current, base, options)
  if (error !== null) throw new Error(error)
  const nTypes = current.sampleTypes.length
  // pprof loads each input through Merge too, so identical samples of one profile are added up
  // before any scaling rounds them.
  const tables = new UnionTables({
    funcs: current.funcs.length + base.funcs.length,
    frames: current.frames.length + base.frames.length,
    stacks: current.stacks.length + base.stacks.length,
  })
  yield* tables.prepareSteps()
  const loaded = function* (p: Profile): Steps<Samples> {
    const stackMap = yield* tables.addSteps(p)
    return yield* mergeSamplesSteps([{samples: samplesOf(p), stackMap, isBase: 0}], nTypes)
  }
  let cur = yield* loaded(current)
  let bas = yield* loaded(base)
  if (options.normalize) cur = yield* scaleN(cur, normalizeRatios(cur, bas))
  bas = yield* scaleN(bas, current.sampleTypes.map(() => -1))

  // measurement.ScaleProfiles: each type in the finer of the two units.
  const sampleTypes = current.sampleTypes.map((t, i) => {
    const b = base.sampleTypes[i]
    return scaleValue(1, b.unit, t.unit).value < 1 ? {type: t.type, unit: b.unit} : {...t}
  })
  const unitRatios = (p: Profile): number[] =>
    p.sampleTypes.map((t, i) => scaleValue(1, t.unit, sampleTypes[i].unit).value)
  cur = yield* scaleN(cur, unitRatios(current))
  bas = yield* scaleN(bas, unitRatios(base))
  let periodType: ValueType | null = null
  let curPeriod = current.period
  let basePeriod = base.period
  if (current.periodType !== null && base.periodType !== null) {
    const a = current.periodType
    const b = base.periodType
    const unit = scaleValue(1, b.unit, a.unit).value < 1 ? b.unit : a.unit
    periodType = {type: a.type, unit}
    curPeriod = Math.trunc(scaleValue(curPeriod, a.unit, unit).value)
    basePeriod = Math.trunc(scaleValue(basePeriod, b.unit, unit).value)
  }

  const merged = yield* mergeSamplesSteps(
    [
      {samples: cur, stackMap: null, isBase: 0},
      {samples: bas, stackMap: null, isBase: options.mode === 'diff_base' ? 1 : 0},
    ],
    nTypes,
  )
  const {strings, funcs, frames, stacks} = yield* tables.compactSteps(merged.stack)
  const samples: DiffSampleTable = {
    stack: merged.stack,
    values: merged.values,
    bytes: merged.bytes,
    length: merged.length,
  }
  if (options.mode === 'diff_base') samples.isBase = merged.isBase

  let timeMillis = 0
  for (const t of [current.timeMillis, base.timeMillis]) {
    if (timeMillis === 0 || t < timeMillis) timeMillis = t
  }
  let period = 0
  for (const p of [curPeriod, basePeriod]) if (period === 0 || period < p) period = p
  const hasMain = current.mainFile !== '' || current.buildId !== ''
  return {
    id: nextDiffProfileId(),
    fileName: `${current.fileName} vs ${base.fileName}`,
    format: current.format,
    strings,
    sampleTypes,
    defaultSampleType: mergedDefault(current, base),
    periodType,
    period,
    timeMillis,
    durationNanos: current.durationNanos + base.durationNanos,
    comments: [...new Set([...current.comments, ...base.comments])],
    docUrl: current.docUrl !== '' ? current.docUrl : base.docUrl,
    mainFile: hasMain ? current.mainFile : base.mainFile,
    buildId: hasMain ? current.buildId : base.buildId,
    dropFrames: current.dropFrames,
    keepFrames: current.keepFrames,
    funcs,
    frames,
    stacks,
    samples,
  }
}

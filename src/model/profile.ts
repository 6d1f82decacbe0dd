/**
 * The in-memory profile: tables of typed arrays (struct-of-arrays), addressed by integer index.
 *
 * Made by src/decode/ (from pprof protobuf or Go's heap text format), read by src/analysis/.
 * Nothing here knows protobuf, gzip or 64-bit Longs. Every index column uses -1 for "none".
 *
 *   samples.stack[s] ──► stacks (prefix tree, leaf entry) ──► frames ──► funcs ──► strings
 *
 * A profile is immutable once built: analysis returns new tables and never writes to these.
 * Typed arrays let the decode worker transfer the whole profile to the page without a copy.
 */

export type IndexIntoStringTable = number
export type IndexIntoFuncTable = number
export type IndexIntoFrameTable = number
export type IndexIntoStackTable = number
export type IndexIntoSampleTable = number

/** A sample type or period type, e.g. {type: 'inuse_space', unit: 'bytes'}. */
export interface ValueType {
  type: string
  unit: string
}

/**
 * One function, deduplicated by (name, file). pprof's default `functions` granularity keys nodes
 * by name alone, so analysis groups rows by `name`, not by index.
 * Locations without symbols get a pseudo-function named the way pprof prints them:
 * `[<basename of the mapping file>]`, or `<unknown>` without a mapping.
 */
export interface FuncTable {
  name: Int32Array // IndexIntoStringTable
  file: Int32Array // IndexIntoStringTable, 0 ("") when unknown
  length: number
}

/**
 * One frame: a function at a line, and whether it was reached through an inlined call.
 * A pprof Location with several Lines becomes several frames: every line but the last one
 * (the function that owns the address) is `inlined` = 1. Deduplicated by (func, line, inlined).
 */
export interface FrameTable {
  func: Int32Array // IndexIntoFuncTable
  line: Int32Array // source line, 0 when unknown
  inlined: Uint8Array // 1 when this frame is an inlined call into its caller
  length: number
}

/**
 * The call stacks as a prefix tree. Entry i is the stack `stack(prefix[i]) + frame[i]`, i.e. a
 * path from the root (outermost caller) down to frame[i]. Topologically ordered: prefix[i] < i,
 * and prefix[i] = -1 for a root frame. A sample points at the entry of its leaf frame.
 */
export interface StackTable {
  frame: Int32Array // IndexIntoFrameTable
  prefix: Int32Array // IndexIntoStackTable, -1 for a root
  length: number
}

/**
 * One row per pprof Sample, in file order (samples are not merged).
 * values[t][s] is the value of sample s for sampleTypes[t], an exact integer (|v| <= 2^53).
 */
export interface SampleTable {
  stack: Int32Array // IndexIntoStackTable, -1 for an empty stack (counts in totals only)
  values: Float64Array[] // one column per sample type
  /** Go's numeric label `bytes` (allocation size) per sample, NaN where absent; null if none has it. */
  bytes: Float64Array | null
  /**
   * Only on a `-diff_base` comparison: 1 for a sample of the base (pprof's `pprof::base` label).
   * Such samples are kept apart from the current ones and the report total is the base's total.
   */
  isBase?: Uint8Array
  length: number
}

export type ProfileFormat = 'pprof-gzip' | 'pprof' | 'heap-text'

export interface Profile {
  /** Unique per decoded profile in this page; lets memoized analysis key on identity cheaply. */
  id: number
  /** The name of the file or URL it came from, as the user knows it. */
  fileName: string
  format: ProfileFormat
  strings: string[] // pprof string_table; strings[0] === ''
  sampleTypes: ValueType[]
  /** pprof's rule: default_sample_type when it names a sample type, else the last type. */
  defaultSampleType: number
  periodType: ValueType | null
  period: number
  /** Capture time in ms since the Unix epoch (time_nanos / 1e6), 0 when unknown. */
  timeMillis: number
  durationNanos: number
  comments: string[]
  docUrl: string
  /** The main binary: mapping[0]'s file (full path) and build id, '' when absent. */
  mainFile: string
  buildId: string
  /** drop_frames / keep_frames as found in the file (already applied to the stacks). */
  dropFrames: string
  keepFrames: string
  funcs: FuncTable
  frames: FrameTable
  stacks: StackTable
  samples: SampleTable
}

/** The string of a function's name. */
export function funcName(p: Profile, func: IndexIntoFuncTable): string {
  return p.strings[p.funcs.name[func]]
}

/** The string of a function's file ('' when unknown). */
export function funcFile(p: Profile, func: IndexIntoFuncTable): string {
  return p.strings[p.funcs.file[func]]
}

/** Is this a Go heap profile (it carries the four inuse/alloc sample types)? */
export function isHeapProfile(p: Profile): boolean {
  const names = new Set(p.sampleTypes.map((t) => t.type))
  return ['alloc_objects', 'alloc_space', 'inuse_objects', 'inuse_space'].every((n) => names.has(n))
}

/** The typed arrays of a profile, for postMessage's transfer list. */
export function transferablesOf(p: Profile): ArrayBuffer[] {
  const arrays: ArrayBufferView[] = [
    p.funcs.name,
    p.funcs.file,
    p.frames.func,
    p.frames.line,
    p.frames.inlined,
    p.stacks.frame,
    p.stacks.prefix,
    p.samples.stack,
    ...p.samples.values,
  ]
  if (p.samples.bytes) arrays.push(p.samples.bytes)
  if (p.samples.isBase) arrays.push(p.samples.isBase)
  const seen = new Set<ArrayBuffer>()
  for (const a of arrays) seen.add(a.buffer as ArrayBuffer)
  return [...seen]
}

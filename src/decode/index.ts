import type {Profile, ProfileFormat} from '../model/profile'
import {buildProfile, buildProfileParallel} from './build'
import {ProfileError} from './errors'
import {gunzipCapped, isGzip} from './gunzip'
import {isHeapTextHeader, parseHeapText} from './heap-text'
import {WireError, decodeProtobuf} from './protobuf'
import type {RawProfile} from './raw'
import {describeNonProfile, looksLikeText} from './sniff'
import type {CallNodeArrays, Offload} from './stacks'

import {type ResolvedIds, validate} from './validate'

/** The error thrown for bad input (re-exported from errors.ts). */
export {ProfileError}

/** The default cap on decompressed size: 1 GiB. */
export const DEFAULT_MAX_DECOMPRESSED_BYTES = 1024 * 1024 * 1024

/**
 * Progress of a decode. Units of done/total by stage: reading = bytes of the file read,
 * inflating = compressed bytes inflated, decoding = decompressed bytes parsed, building =
 * sample frames placed in the stack tree. Only `reading` to `decoding` are bytes.
 */
export type DecodeProgress = {
  stage: 'reading' | 'inflating' | 'decoding' | 'building'
  done: number
  total: number
}

/** Options of decodeProfileBytes. */
export interface DecodeOptions {
  /** Refuse data that inflates past this many bytes (default 1 GiB), e.g. a gzip bomb. */
  maxDecompressedBytes?: number
  onProgress?: (p: DecodeProgress) => void
}

/** Wall-clock milliseconds spent per stage of decodeProfileBytes (0 for a stage not run). */
export interface DecodeTimings {
  inflateMs: number
  decodeMs: number
  buildMs: number
  /** Groups of samples whose stack tree a helper worker built (0: all on one thread). */
  helperJobs: number
  /**
   * All the time spent decoding protobuf (or text) and validating: decodeMs, plus, when the
   * file was parsed while the stack helper inflated it (worker-handler.ts), the parsing done
   * before the inflation ended, which inflateMs then covers.
   */
  decodeWorkMs: number
}

/**
 * Decodes a profile file: gzipped or raw pprof protobuf, or Go's heap profile text format
 * (`/debug/pprof/heap?debug=1`, possibly gzipped). Synchronous; runs in the decode worker and
 * in tests. Throws ProfileError, with a message in plain words, for anything that is not a
 * valid profile or is over the size cap.
 */
export function decodeProfileBytes(
  bytes: Uint8Array,
  fileName: string,
  opts?: DecodeOptions,
): Profile {
  return decodeProfileBytesTimed(bytes, fileName, opts).profile
}

export type {CallNodeArrays}

/** What decodeProfileBytesTimed returns. */
export interface DecodeResult {
  profile: Profile
  timings: DecodeTimings
  /** The profile's call tree, built with its stacks: analysis/call-tree.ts's CallNodeTable. */
  callNodes: CallNodeArrays
}

/** decodeProfileBytes, with the time spent in each stage and the call tree. */
export function decodeProfileBytesTimed(
  bytes: Uint8Array,
  fileName: string,
  opts: DecodeOptions = {},
): DecodeResult {
  const onProgress = opts.onProgress
  if (bytes.length === 0) throw new ProfileError('not a pprof profile: the file is empty')
  const t = performance.now()
  const gzipped = isGzip(bytes)
  const cap = opts.maxDecompressedBytes ?? DEFAULT_MAX_DECOMPRESSED_BYTES
  if (gzipped) onProgress?.({stage: 'inflating', done: 0, total: bytes.length})
  const report = onProgress && ((done: number, total: number) =>
    onProgress({stage: 'inflating', done, total}))
  const data = gzipped ? gunzipCapped(bytes, cap, report) : bytes
  return decodeInflated(data, gzipped, fileName, opts, performance.now() - t)
}

/**
 * The rest of decodeProfileBytesTimed once the data is inflated (`gzipped`: it was, which
 * shows in the format and in messages); `inflateMs` is passed through to the timings.
 */
export function decodeInflated(
  data: Uint8Array,
  gzipped: boolean,
  fileName: string,
  opts: DecodeOptions = {},
  inflateMs = 0,
): DecodeResult {
  return buildDecoded(decodeRaw(data, gzipped, opts, inflateMs), fileName, opts)
}

/**
 * decodeInflated with the stack tree built on two threads when the profile is big: `offload`
 * runs the other thread's share (a helper worker, see stack-helper.ts). The same result.
 */
export async function decodeInflatedParallel(
  data: Uint8Array,
  gzipped: boolean,
  fileName: string,
  offload: Offload,
  opts: DecodeOptions = {},
  inflateMs = 0,
): Promise<DecodeResult> {
  return buildDecodedParallel(decodeRaw(data, gzipped, opts, inflateMs), fileName, offload, opts)
}

/** A validated RawProfile, what it was decoded from, and the timings so far. */
export interface Decoded {
  raw: RawProfile
  ids: ResolvedIds
  format: ProfileFormat
  timings: DecodeTimings
}

/**
 * The RawProfile of a gzipped protobuf file parsed while it was inflated (`finish` ends the
 * parse: stream-decode.ts), validated, with the errors decodeInflated gives for the same data;
 * `head` is the data's first 4 KiB (or all of it), what sniff.ts reads to name a non-profile.
 */
export function decodeStreamedRaw(finish: () => RawProfile, head: Uint8Array): Decoded {
  const t = performance.now()
  let raw: RawProfile
  let ids: ResolvedIds
  try {
    raw = finish()
    ids = validate(raw)
  } catch (e) {
    throw notAProfile(e, head, 'the decompressed file')
  }
  const decodeMs = performance.now() - t
  const timings = {inflateMs: 0, decodeMs, buildMs: 0, helperJobs: 0, decodeWorkMs: decodeMs}
  return {raw, ids, format: 'pprof-gzip', timings}
}

/** The Profile and its call tree, on this thread. */
export function buildDecoded(
  {raw, ids, format, timings}: Decoded,
  fileName: string,
  opts: DecodeOptions = {},
): DecodeResult {
  const t = performance.now()
  const building = progress(opts, 'building')
  const {profile, callNodes} = buildProfile(raw, ids, fileName, format, building)
  timings.buildMs = performance.now() - t
  return {profile, timings, callNodes}
}

/** buildDecoded with the stack tree built on two threads when it is big (see build.ts). */
export async function buildDecodedParallel(
  {raw, ids, format, timings}: Decoded,
  fileName: string,
  offload: Offload,
  opts: DecodeOptions = {},
): Promise<DecodeResult> {
  const t = performance.now()
  const building = progress(opts, 'building')
  const {profile, callNodes, helperJobs} = await buildProfileParallel(
    raw,
    ids,
    fileName,
    format,
    offload,
    building,
  )
  timings.buildMs = performance.now() - t
  timings.helperJobs = helperJobs
  return {profile, callNodes, timings}
}

function progress(opts: DecodeOptions, stage: DecodeProgress['stage']) {
  const onProgress = opts.onProgress
  return onProgress && ((done: number, total: number) => onProgress({stage, done, total}))
}

/** Protobuf (or text) → the raw tables, validated like pprof. */
function decodeRaw(
  data: Uint8Array,
  gzipped: boolean,
  opts: DecodeOptions,
  inflateMs: number,
): Decoded {
  const timings: DecodeTimings = {
    inflateMs,
    decodeMs: 0,
    buildMs: 0,
    helperJobs: 0,
    decodeWorkMs: 0,
  }
  const subject = gzipped ? 'the decompressed file' : 'the file'
  if (data.length === 0) throw new ProfileError(`not a pprof profile: ${subject} is empty`)

  const t = performance.now()
  const decoding = progress(opts, 'decoding')
  const onDecoded = decoding && ((done: number) => decoding(done, data.length))
  onDecoded?.(0)
  let raw: RawProfile
  let format: ProfileFormat
  let ids: ResolvedIds
  if (isHeapText(data)) {
    format = 'heap-text'
    raw = parseHeapText(new TextDecoder().decode(data), onDecoded)
    ids = validate(raw)
  } else {
    format = gzipped ? 'pprof-gzip' : 'pprof'
    try {
      raw = decodeProtobuf(data, onDecoded)
      ids = validate(raw)
    } catch (e) {
      throw notAProfile(e, data, subject)
    }
  }
  timings.decodeMs = timings.decodeWorkMs = performance.now() - t
  return {raw, ids, format: format as ProfileFormat, timings}
}

/** Is the data Go's heap profile text format? It reads the first 4 KiB at most. */
export function isHeapText(data: Uint8Array): boolean {
  if (!looksLikeText(data)) return false
  const head = new TextDecoder().decode(data.subarray(0, 1024))
  return isHeapTextHeader(head.split('\n', 1)[0])
}

/**
 * The error for data that failed to decode as protobuf: what the file evidently is when that
 * is cheap to tell (an image, some text), else what was wrong with it as protobuf.
 */
function notAProfile(e: unknown, data: Uint8Array, subject: string): unknown {
  if (!(e instanceof WireError || e instanceof ProfileError)) return e
  const what = describeNonProfile(data, subject)
  if (what) return new ProfileError(`not a pprof profile: ${what}`)
  if (e instanceof ProfileError) return e
  return new ProfileError(
    `not a pprof profile: ${subject} is not a valid protobuf profile (${e.message})`,
  )
}

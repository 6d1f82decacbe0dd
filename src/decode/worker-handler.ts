import {transferablesOf} from '../model/profile'
import {gunzipCapped, isGzip} from './gunzip'
import {
  type DecodeOptions,
  type DecodeProgress,
  type DecodeResult,
  DEFAULT_MAX_DECOMPRESSED_BYTES,
  ProfileError,
  buildDecoded,
  buildDecodedParallel,
  decodeInflated,
  decodeInflatedParallel,
  decodeStreamedRaw,
} from './index'
import {inflateNative} from './inflate-native'
import type {StackHelper} from './stack-helper'
import type {CallNodeArrays} from './stacks'
import {type Streamed, streamInflate} from './stream-decode'
import type {DecodeRequest, DecodeResponse} from './worker-protocol'

/** Posts a message to the page, transferring the listed buffers. */
export type Post = (message: DecodeResponse, transfer?: ArrayBuffer[]) => void

/** Progress messages are sent at most this often (plus the first of each stage). */
const PROGRESS_INTERVAL_MS = 50

/**
 * The decode worker's work, apart from the worker plumbing so that tests can run it: read the
 * input, decode it, post throttled progress and then the Profile and its call tree with their
 * typed arrays transferred, or an error message (a ProfileError's message as is, anything else
 * as an internal error).
 */
export async function handleDecodeRequest(
  request: DecodeRequest,
  post: Post,
  helper: StackHelper | null = null,
): Promise<void> {
  let lastStage = ''
  let lastPost = 0
  const onProgress = (progress: DecodeProgress) => {
    const now = performance.now()
    if (progress.stage === lastStage && now - lastPost < PROGRESS_INTERVAL_MS) return
    lastStage = progress.stage
    lastPost = now
    post({type: 'progress', progress})
  }
  try {
    const {profile, timings, callNodes} = await decodeInput(request, onProgress, helper)
    const transfer = [...transferablesOf(profile), ...callNodeBuffers(callNodes)]
    post({type: 'done', profile, timings, callNodes}, transfer)
  } catch (e) {
    if (e instanceof ProfileError) post({type: 'error', message: e.message, internal: false})
    else {
      const message = `internal error while decoding: ${describe(e)}`
      post({type: 'error', message, internal: true})
    }
  }
}

/**
 * Reads and decodes the input. A gzipped file is inflated while it is read (decodeGzip); the
 * rest is decodeInflated.
 */
async function decodeInput(
  request: DecodeRequest,
  onProgress: (p: DecodeProgress) => void,
  helper: StackHelper | null,
): Promise<DecodeResult & {timings: {readMs: number}}> {
  const started = performance.now()
  const blob = request.input instanceof Blob ? request.input : new Blob([request.input])
  const cap = request.maxDecompressedBytes ?? DEFAULT_MAX_DECOMPRESSED_BYTES
  const opts = {maxDecompressedBytes: cap, onProgress}
  onProgress({stage: 'reading', done: 0, total: blob.size})
  const head = new Uint8Array(await blob.slice(0, 2).arrayBuffer())
  if (!isGzip(head)) {
    const bytes = await readBlob(blob, onProgress)
    const readMs = performance.now() - started
    if (bytes.length === 0) throw new ProfileError('not a pprof profile: the file is empty')
    const result = await decodeData(bytes, false, request.fileName, opts, 0, helper)
    return {...result, timings: {readMs, ...result.timings}}
  }
  const readMs = performance.now() - started
  const result = await decodeGzip(blob, request.fileName, opts, helper)
  return {...result, timings: {readMs, ...result.timings}}
}

/** decodeInput's options, the cap and progress set. */
type Options = DecodeOptions & {
  maxDecompressedBytes: number
  onProgress: (p: DecodeProgress) => void
}

/** From this size on (gzipped), a file waits up to HELPER_WAIT_MS for the helper to load. */
const WAIT_FOR_HELPER_BYTES = 1 << 20
const HELPER_WAIT_MS = 2000

/**
 * A gzipped file. With the stack helper up, it inflates the file while this thread parses it
 * (stream-decode.ts): the two overlap on two cores. Otherwise, or when that does not apply
 * (gzip inside gzip, heap text, data the platform refuses, a helper that fails), it goes as
 * it did before streaming: inflated natively here (inflate-native.ts), with fflate as the
 * fallback, then decoded.
 */
async function decodeGzip(
  blob: Blob,
  fileName: string,
  opts: Options,
  helper: StackHelper | null,
): Promise<DecodeResult> {
  const cap = opts.maxDecompressedBytes
  const t = performance.now()
  const inflating = (done: number, total: number) =>
    opts.onProgress({stage: 'inflating', done, total})
  inflating(0, blob.size)
  // The helper is started with this worker; a big file that comes first may wait a little for
  // it to load rather than be inflated and built on one thread.
  if (helper && !helper.available && blob.size >= WAIT_FOR_HELPER_BYTES) {
    await helper.whenReady(HELPER_WAIT_MS)
  }
  let data: Uint8Array | null | undefined // undefined: not inflated yet
  if (helper?.available) {
    const streamed = await streamInflate(blob, helper, cap, inflating)
    if (streamed.kind === 'parsed') {
      const result = await decodeParsed(streamed, fileName, opts, helper)
      if (result) return result
    } else if (streamed.kind === 'inflated') data = streamed.data
    else if (streamed.kind === 'refused') data = null
  }
  if (data === undefined) data = await inflateNative(blob, cap, inflating)
  // gzip inside gzip: the inner levels from memory, with fflate.
  if (data !== null && isGzip(data)) data = gunzipCapped(data, cap)
  // The platform could not (concatenated members, corrupt data): fflate, from the bytes.
  if (data === null) data = gunzipCapped(await readBlob(blob, opts.onProgress), cap, inflating)
  const inflateMs = performance.now() - t
  return decodeData(data, true, fileName, opts, inflateMs, helper)
}

/**
 * The rest of a file parsed while the helper inflated it: validation, then the model, on two
 * threads. Its timings: inflateMs up to the end of the inflation (the parse overlapped with
 * it), decodeMs from there to the validated tables, decodeWorkMs all the parsing. Null when
 * something other than the data failed (the helper, memory): the caller then decodes the file
 * again the way it did before streaming.
 */
async function decodeParsed(
  streamed: Extract<Streamed, {kind: 'parsed'}>,
  fileName: string,
  opts: Options,
  helper: StackHelper,
): Promise<DecodeResult | null> {
  opts.onProgress({stage: 'decoding', done: streamed.parsed, total: streamed.total})
  try {
    const decoded = decodeStreamedRaw(streamed.finish, streamed.head)
    const timings = decoded.timings
    timings.inflateMs = streamed.inflated - streamed.started
    timings.decodeMs = performance.now() - streamed.inflated
    timings.decodeWorkMs += streamed.parseMs
    if (!helper.available) return buildDecoded(decoded, fileName, opts)
    return await buildDecodedParallel(decoded, fileName, helper, opts)
  } catch (e) {
    if (e instanceof ProfileError) throw e
    return null
  }
}

/**
 * decodeInflated, with the stack tree built on two cores when the helper is up. Should the
 * helper fail (it ran out of memory, say), the profile is decoded again on this thread alone.
 */
async function decodeData(
  data: Uint8Array,
  gzipped: boolean,
  fileName: string,
  opts: DecodeOptions,
  inflateMs: number,
  helper: StackHelper | null,
): Promise<DecodeResult> {
  if (helper?.available) {
    try {
      return await decodeInflatedParallel(data, gzipped, fileName, helper, opts, inflateMs)
    } catch (e) {
      if (e instanceof ProfileError) throw e
    }
  }
  return decodeInflated(data, gzipped, fileName, opts, inflateMs)
}

/** The buffers of a call tree, for postMessage's transfer list. */
function callNodeBuffers(c: CallNodeArrays): ArrayBuffer[] {
  const arrays = [c.func, c.inlined, c.parent, c.depth, c.subtreeEnd, c.stackToCallNode]
  return [...new Set(arrays.map((a) => a.buffer as ArrayBuffer))]
}

function describe(e: unknown): string {
  if (e instanceof RangeError && /allocation|memory/i.test(e.message)) {
    return `out of memory (${e.message}); the profile may be too large for this browser tab`
  }
  return e instanceof Error ? e.message : String(e)
}

/** Reads a Blob in chunks, reporting progress; into one buffer of the Blob's size. */
async function readBlob(blob: Blob, onProgress: (p: DecodeProgress) => void): Promise<Uint8Array> {
  const total = blob.size
  onProgress({stage: 'reading', done: 0, total})
  if (typeof blob.stream !== 'function') return new Uint8Array(await blob.arrayBuffer())
  const out = new Uint8Array(total)
  const reader = blob.stream().getReader()
  let done = 0
  for (;;) {
    const chunk = await reader.read()
    if (chunk.done) break
    const bytes = chunk.value
    if (done + bytes.length > total) throw new Error('the file grew while it was being read')
    out.set(bytes, done)
    done += bytes.length
    onProgress({stage: 'reading', done, total})
  }
  return done === total ? out : out.subarray(0, done)
}

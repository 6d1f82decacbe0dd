import {transferablesOf} from '../model/profile'
import {type DecodeProgress, ProfileError, decodeProfileBytesTimed} from './index'
import type {DecodeRequest, DecodeResponse} from './worker-protocol'

/** Posts a message to the page, transferring the listed buffers. */
export type Post = (message: DecodeResponse, transfer?: ArrayBuffer[]) => void

/** Progress messages are sent at most this often (plus the first of each stage). */
const PROGRESS_INTERVAL_MS = 50

/**
 * The decode worker's work, apart from the worker plumbing so that tests can run it: read the
 * input, decode it, post throttled progress and then the Profile with its typed arrays
 * transferred, or an error message (a ProfileError's message as is, anything else as an
 * internal error).
 */
export async function handleDecodeRequest(request: DecodeRequest, post: Post): Promise<void> {
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
    const started = performance.now()
    const bytes =
      request.input instanceof ArrayBuffer
        ? new Uint8Array(request.input)
        : await readBlob(request.input, onProgress)
    const readMs = performance.now() - started
    const {profile, timings} = decodeProfileBytesTimed(bytes, request.fileName, {
      maxDecompressedBytes: request.maxDecompressedBytes,
      onProgress,
    })
    post({type: 'done', profile, timings: {readMs, ...timings}}, transferablesOf(profile))
  } catch (e) {
    if (e instanceof ProfileError) post({type: 'error', message: e.message, internal: false})
    else {
      const message = `internal error while decoding: ${describe(e)}`
      post({type: 'error', message, internal: true})
    }
  }
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

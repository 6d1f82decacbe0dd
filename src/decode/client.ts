import type {Profile} from '../model/profile'
import {ProfileError} from './errors'
import type {DecodeProgress} from './index'
import type {DecodeRequest, DecodeResponse, WorkerTimings} from './worker-protocol'

/** Options of decodeInWorker. */
export interface DecodeInWorkerOptions {
  /** Refuse data that inflates past this many bytes (default 1 GiB). */
  maxDecompressedBytes?: number
  /** Throttled progress (a few messages per second at most); see DecodeProgress for units. */
  onProgress?: (p: DecodeProgress) => void
  /** Aborting terminates the worker and rejects with a DOMException named 'AbortError'. */
  signal?: AbortSignal
}

/** What decodeInWorker resolves to. */
export interface DecodeInWorkerResult {
  profile: Profile
  /** Milliseconds per stage, measured in the worker. */
  timings: WorkerTimings
}

/**
 * Decodes a profile file in a fresh Web Worker (terminated afterwards), so that the page
 * stays responsive. Rejects with a ProfileError for a bad file (its message as the worker
 * had it; an unexpected failure reads "internal error while decoding: …"), or with an
 * AbortError. An ArrayBuffer input is copied to the worker, not transferred.
 */
export function decodeInWorker(
  input: Blob | ArrayBuffer,
  fileName: string,
  opts: DecodeInWorkerOptions = {},
): Promise<DecodeInWorkerResult> {
  return runInWorker(
    () => new Worker(new URL('./decode.worker.ts', import.meta.url), {type: 'module'}),
    input,
    fileName,
    opts,
  )
}

/** The part of a Worker used here (tests pass a fake). */
export interface WorkerLike {
  onmessage: ((event: MessageEvent<DecodeResponse>) => void) | null
  onerror: ((event: ErrorEvent) => void) | null
  onmessageerror: ((event: MessageEvent) => void) | null
  postMessage(message: DecodeRequest): void
  terminate(): void
}

/** decodeInWorker with the worker made by `createWorker`. */
export function runInWorker(
  createWorker: () => WorkerLike,
  input: Blob | ArrayBuffer,
  fileName: string,
  opts: DecodeInWorkerOptions,
): Promise<DecodeInWorkerResult> {
  const {signal, onProgress} = opts
  if (signal?.aborted) return Promise.reject(abortError())
  return new Promise((resolve, reject) => {
    let worker: WorkerLike | null = null
    const finish = () => {
      signal?.removeEventListener('abort', onAbort)
      worker?.terminate()
      worker = null
    }
    const fail = (error: Error) => {
      finish()
      reject(error)
    }
    const onAbort = () => fail(abortError())
    signal?.addEventListener('abort', onAbort)
    try {
      worker = createWorker()
    } catch (e) {
      fail(internal(`could not start the decoder (${e instanceof Error ? e.message : String(e)})`))
      return
    }
    worker.onmessage = (event) => {
      const message = event.data
      if (message.type === 'progress') {
        if (worker) onProgress?.(message.progress)
      } else if (message.type === 'done') {
        finish()
        resolve({profile: message.profile, timings: message.timings})
      } else {
        fail(new ProfileError(message.message))
      }
    }
    worker.onerror = (event) => {
      event.preventDefault?.()
      fail(internal(event.message || 'the decoder worker failed (it may not have loaded)'))
    }
    worker.onmessageerror = () => fail(internal('the decoded profile could not be received'))
    worker.postMessage({input, fileName, maxDecompressedBytes: opts.maxDecompressedBytes})
  })
}

function internal(message: string): ProfileError {
  return new ProfileError(`internal error while decoding: ${message}`)
}

function abortError(): DOMException {
  return new DOMException('The decoding was aborted', 'AbortError')
}

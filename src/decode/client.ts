import type {Profile} from '../model/profile'
import {ProfileError} from './errors'
import type {CallNodeArrays, DecodeProgress} from './index'
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
  /** The profile's call tree (analysis/call-tree.ts's CallNodeTable), built with it. */
  callNodes: CallNodeArrays
}

/**
 * Decodes a profile file in a Web Worker, so that the page stays responsive. Rejects with a
 * ProfileError for a bad file (its message as the worker had it; an unexpected failure reads
 * "internal error while decoding: …"), or with an AbortError. An ArrayBuffer input is copied to
 * the worker, not transferred.
 *
 * The worker is kept warm: one is started ahead (prewarmDecoder) and a worker that decoded a
 * file well decodes the next one, with its code already loaded and compiled. A worker that was
 * aborted or failed is terminated, and a fresh one is started for next time.
 */
export function decodeInWorker(
  input: Blob | ArrayBuffer,
  fileName: string,
  opts: DecodeInWorkerOptions = {},
): Promise<DecodeInWorkerResult> {
  const take = () => {
    const worker = spare ?? newDecodeWorker()
    spare = null
    return worker
  }
  const release = (worker: WorkerLike) => {
    if (spare) worker.terminate()
    else spare = worker
  }
  const result = runInWorker(take, input, fileName, opts, release)
  // After a failure or an abort, the next file should not wait for a worker to start either.
  result.catch(() => prewarmDecoder())
  return result
}

let spare: WorkerLike | null = null

function newDecodeWorker(): WorkerLike {
  return new Worker(new URL('./decode.worker.ts', import.meta.url), {type: 'module'})
}

/** Starts a decode worker ahead of the first file, so that its code is loaded by then. */
export function prewarmDecoder(): void {
  if (spare || typeof Worker !== 'function') return
  try {
    spare = newDecodeWorker()
  } catch {
    spare = null
  }
}

/** The part of a Worker used here (tests pass a fake). */
export interface WorkerLike {
  onmessage: ((event: MessageEvent<DecodeResponse>) => void) | null
  onerror: ((event: ErrorEvent) => void) | null
  onmessageerror: ((event: MessageEvent) => void) | null
  postMessage(message: DecodeRequest): void
  terminate(): void
}

/**
 * decodeInWorker with the worker made by `createWorker`. After a successful decode the worker
 * goes to `release` (default: terminated); after a failure or an abort it is terminated.
 */
export function runInWorker(
  createWorker: () => WorkerLike,
  input: Blob | ArrayBuffer,
  fileName: string,
  opts: DecodeInWorkerOptions,
  release: (worker: WorkerLike) => void = (w) => w.terminate(),
): Promise<DecodeInWorkerResult> {
  const {signal, onProgress} = opts
  if (signal?.aborted) return Promise.reject(abortError())
  return new Promise((resolve, reject) => {
    let worker: WorkerLike | null = null
    const finish = (ok = false) => {
      signal?.removeEventListener('abort', onAbort)
      if (worker) {
        worker.onmessage = worker.onerror = worker.onmessageerror = null
        if (ok) release(worker)
        else worker.terminate()
      }
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
        finish(true)
        resolve({profile: message.profile, timings: message.timings, callNodes: message.callNodes})
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

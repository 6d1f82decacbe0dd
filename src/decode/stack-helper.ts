import {tooLargeError} from './gunzip'
import type {InflateReply, InflateRequest} from './helper-inflate'
import {type SubtreeJob, type SubtreeResult, jobBuffers} from './stack-jobs'
import type {Offload} from './stacks'

/** Decode worker → stack helper: a group of samples to sort, or a gzip file to inflate. */
export type HelperRequest = {type: 'job'; id: number; job: SubtreeJob} | InflateRequest

/** Stack helper → decode worker: it has loaded, a job's result (or why not), inflated data. */
export type HelperReply =
  | {type: 'ready'}
  | {type: 'done'; id: number; result: SubtreeResult}
  | {type: 'failed'; id: number; message: string}
  | InflateReply

/** The part of a Worker used here (tests pass a fake). */
export interface HelperWorker {
  onmessage: ((event: MessageEvent<HelperReply>) => void) | null
  onerror: ((event: ErrorEvent) => void) | null
  postMessage(message: HelperRequest, transfer: Transferable[]): void
  terminate(): void
}

/** How an inflation in the helper ended (StackHelper.inflate). */
export interface Inflated {
  /** False when the platform could not inflate the data (inflateNative's null). */
  ok: boolean
  /** When the helper finished, in this thread's performance.now() time. */
  endedAt: number
}

/** An Offload to a helper worker, usable once the helper has loaded and while it works. */
export interface StackHelper extends Offload {
  readonly available: boolean
  /** True once available (at once if it is), false if it fails or is not within `ms`. */
  whenReady(ms: number): Promise<boolean>
  /**
   * Inflates a gzip file in the helper (helper-inflate.ts) while this thread goes on: each
   * piece of output (about 1 MiB, its own buffer) goes to `onChunk` with the compressed bytes
   * read so far, as it arrives. Rejects with gunzip.ts's ProfileError past `maxBytes`, and
   * with an Error when the helper fails (it is then not used again).
   */
  inflate(
    blob: Blob,
    maxBytes: number,
    onChunk: (bytes: Uint8Array, read: number) => void,
  ): Promise<Inflated>
}

/**
 * Starts the stack helper of the decode worker (a second worker, started by the decode
 * worker when it starts, so that it has loaded by the time a big file comes), or null where
 * there is no second core or no nested worker. Jobs (and files to inflate) go to it one after
 * the other, their buffers transferred; when it fails, every job in flight is rejected and it
 * is not used again.
 */
export function startStackHelper(
  create: () => HelperWorker = newHelperWorker,
  cores = typeof navigator === 'undefined' ? 1 : (navigator.hardwareConcurrency ?? 1),
): StackHelper | null {
  if (cores < 2) return null
  let worker: HelperWorker
  try {
    worker = create()
  } catch {
    return null
  }
  let ready = false
  let failed = false
  let nextId = 0
  const pending = new Map<number, Pending>()
  // Who waits for the helper to load (whenReady): told true when it has, false if it fails.
  const waiting = new Set<(ok: boolean) => void>()
  const tell = (ok: boolean) => {
    for (const w of waiting) w(ok)
    waiting.clear()
  }
  const fail = (message: string) => {
    failed = true
    tell(false)
    worker.onmessage = worker.onerror = null
    worker.terminate()
    for (const p of pending.values()) p.reject(new Error(message))
    pending.clear()
  }
  worker.onmessage = (event) => {
    const reply = event.data
    if (reply.type === 'ready') {
      ready = true
      tell(true)
    }
    else if (reply.type === 'failed') fail(`the stack helper failed: ${reply.message}`)
    else settle(pending, reply)
  }
  worker.onerror = (event) => {
    event.preventDefault?.()
    fail(`the stack helper failed: ${event.message || 'it stopped'}`)
  }
  /** Sends a request; its replies go to the promise (and `more`'s onChunk), see settle. */
  const call = <T>(
    request: (id: number) => HelperRequest,
    transfer: ArrayBuffer[],
    more: Partial<Pending> = {},
  ): Promise<T> => {
    if (failed) return Promise.reject(new Error('the stack helper failed'))
    return new Promise<T>((resolve, reject) => {
      const id = nextId++
      pending.set(id, {...more, resolve: resolve as Pending['resolve'], reject})
      worker.postMessage(request(id), transfer)
    })
  }
  return {
    get available() {
      return ready && !failed
    },
    whenReady(ms) {
      if (ready || failed) return Promise.resolve(ready && !failed)
      return new Promise((resolve) => {
        const done = (ok: boolean) => {
          clearTimeout(timer)
          waiting.delete(done)
          resolve(ok)
        }
        const timer = setTimeout(() => done(false), ms)
        waiting.add(done)
      })
    },
    run(job) {
      return call((id) => ({type: 'job', id, job}), jobBuffers(job))
    },
    inflate(blob, maxBytes, onChunk) {
      return call((id) => ({type: 'inflate', id, blob, maxBytes}), [], {onChunk, maxBytes})
    },
  }
}

/** A request in flight: a job's promise, or an inflation's with where its pieces go. */
interface Pending {
  resolve: (value: SubtreeResult | Inflated) => void
  reject: (e: Error) => void
  onChunk?: (bytes: Uint8Array, read: number) => void
  maxBytes?: number
}

/** Hands a reply to the request it answers: a job's result, a piece or the end of an inflation. */
function settle(
  pending: Map<number, Pending>,
  reply: Exclude<HelperReply, {type: 'ready' | 'failed'}>,
): void {
  const p = pending.get(reply.id)
  if (!p) return
  if (reply.type === 'chunk') return p.onChunk?.(reply.bytes, reply.read)
  pending.delete(reply.id)
  if (reply.type === 'done') return p.resolve(reply.result)
  if (reply.end === 'too-large') return p.reject(tooLargeError(p.maxBytes ?? 0))
  const endedAt = reply.endedAt - performance.timeOrigin
  p.resolve({ok: reply.end === 'done', endedAt})
}

function newHelperWorker(): HelperWorker {
  return new Worker(new URL('./stack-helper.worker.ts', import.meta.url), {
    type: 'module',
  }) as unknown as HelperWorker
}

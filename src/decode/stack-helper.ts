import {type SubtreeJob, type SubtreeResult, jobBuffers} from './stack-jobs'
import type {Offload} from './stacks'

/** Decode worker → stack helper. */
export interface HelperRequest {
  id: number
  job: SubtreeJob
}

/** Stack helper → decode worker: it has loaded, or a job's result (or why it has none). */
export type HelperReply =
  | {type: 'ready'}
  | {type: 'done'; id: number; result: SubtreeResult}
  | {type: 'failed'; id: number; message: string}

/** The part of a Worker used here (tests pass a fake). */
export interface HelperWorker {
  onmessage: ((event: MessageEvent<HelperReply>) => void) | null
  onerror: ((event: ErrorEvent) => void) | null
  postMessage(message: HelperRequest, transfer: Transferable[]): void
  terminate(): void
}

/** An Offload to a helper worker, usable once the helper has loaded and while it works. */
export interface StackHelper extends Offload {
  readonly available: boolean
}

/**
 * Starts the stack helper of the decode worker (a second worker, started by the decode
 * worker when it starts, so that it has loaded by the time a big file comes), or null where
 * there is no second core or no nested worker. Jobs go to it one after the other, their buffers
 * transferred; when it fails, every job in flight is rejected and it is not used again.
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
  type Pending = {resolve: (r: SubtreeResult) => void; reject: (e: Error) => void}
  const pending = new Map<number, Pending>()
  const fail = (message: string) => {
    failed = true
    worker.onmessage = worker.onerror = null
    worker.terminate()
    for (const p of pending.values()) p.reject(new Error(message))
    pending.clear()
  }
  worker.onmessage = (event) => {
    const reply = event.data
    if (reply.type === 'ready') {
      ready = true
      return
    }
    const p = pending.get(reply.id)
    pending.delete(reply.id)
    if (reply.type === 'done') p?.resolve(reply.result)
    else fail(`the stack helper failed: ${reply.message}`)
  }
  worker.onerror = (event) => {
    event.preventDefault?.()
    fail(`the stack helper failed: ${event.message || 'it stopped'}`)
  }
  return {
    get available() {
      return ready && !failed
    },
    run(job) {
      if (failed) return Promise.reject(new Error('the stack helper failed'))
      return new Promise((resolve, reject) => {
        const id = nextId++
        pending.set(id, {resolve, reject})
        worker.postMessage({id, job}, jobBuffers(job))
      })
    },
  }
}

function newHelperWorker(): HelperWorker {
  return new Worker(new URL('./stack-helper.worker.ts', import.meta.url), {
    type: 'module',
  }) as unknown as HelperWorker
}

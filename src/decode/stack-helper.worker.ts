// The stack helper: sorts groups of samples for the decode worker (stack-jobs.ts), so that big
// stack trees are built on two cores. Started by the decode worker (stack-helper.ts).
import {type SubtreeJob, resultBuffers, runJob} from './stack-jobs'
import type {HelperReply, HelperRequest} from './stack-helper'

// Only what is used of the worker global; the WebWorker lib would conflict with the DOM lib.
interface WorkerScope {
  onmessage: ((event: MessageEvent<HelperRequest>) => void) | null
  postMessage(message: HelperReply, transfer?: Transferable[]): void
}

const scope = self as unknown as WorkerScope

scope.onmessage = (event) => {
  const {id, job} = event.data
  let result
  try {
    result = runJob(job as SubtreeJob)
  } catch (e) {
    scope.postMessage({type: 'failed', id, message: e instanceof Error ? e.message : String(e)})
    return
  }
  scope.postMessage({type: 'done', id, result}, resultBuffers(result))
}
scope.postMessage({type: 'ready'})

// The stack helper: sorts groups of samples for the decode worker (stack-jobs.ts), so that big
// stack trees are built on two cores, and inflates gzipped files while the decode worker parses
// them (helper-inflate.ts). Started by the decode worker (stack-helper.ts).
import {inflateToChunks} from './helper-inflate'
import type {HelperReply, HelperRequest} from './stack-helper'
import {type SubtreeJob, resultBuffers, runJob} from './stack-jobs'

// Only what is used of the worker global; the WebWorker lib would conflict with the DOM lib.
interface WorkerScope {
  onmessage: ((event: MessageEvent<HelperRequest>) => void) | null
  postMessage(message: HelperReply, transfer?: Transferable[]): void
}

const scope = self as unknown as WorkerScope
const post = (reply: HelperReply, transfer?: ArrayBuffer[]) => scope.postMessage(reply, transfer)
const failed = (id: number, e: unknown) =>
  post({type: 'failed', id, message: e instanceof Error ? e.message : String(e)})

scope.onmessage = (event) => {
  const request = event.data
  if (request.type === 'inflate') {
    inflateToChunks(request, post).catch((e: unknown) => failed(request.id, e))
    return
  }
  const {id, job} = request
  let result
  try {
    result = runJob(job as SubtreeJob)
  } catch (e) {
    failed(id, e)
    return
  }
  post({type: 'done', id, result}, resultBuffers(result))
}
post({type: 'ready'})

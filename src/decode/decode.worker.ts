// The decode worker: decodes one file per worker and posts the Profile back (see client.ts).
import {startStackHelper} from './stack-helper'
import {handleDecodeRequest} from './worker-handler'
import type {DecodeRequest, DecodeResponse} from './worker-protocol'

// Only what is used of the worker global; the WebWorker lib would conflict with the DOM lib.
interface WorkerScope {
  onmessage: ((event: MessageEvent<DecodeRequest>) => void) | null
  postMessage(message: DecodeResponse, transfer: Transferable[]): void
}

const scope = self as unknown as WorkerScope

// Started now, so that it has loaded by the time a big file comes.
const helper = startStackHelper()

scope.onmessage = (event) => {
  void handleDecodeRequest(
    event.data,
    (message, transfer) => {
      scope.postMessage(message, transfer ?? [])
    },
    helper,
  )
}

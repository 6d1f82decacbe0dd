// The decode worker: decodes one file per worker and posts the Profile back (see client.ts).
import {handleDecodeRequest} from './worker-handler'
import type {DecodeRequest, DecodeResponse} from './worker-protocol'

// Only what is used of the worker global; the WebWorker lib would conflict with the DOM lib.
interface WorkerScope {
  onmessage: ((event: MessageEvent<DecodeRequest>) => void) | null
  postMessage(message: DecodeResponse, transfer: Transferable[]): void
}

const scope = self as unknown as WorkerScope

scope.onmessage = (event) => {
  void handleDecodeRequest(event.data, (message, transfer) => {
    scope.postMessage(message, transfer ?? [])
  })
}

import {ProfileError} from './errors'
import {inflateNativeChunks} from './inflate-native'

/** Inflated bytes are posted in pieces of this size (the platform makes about 64 KiB at once). */
export const INFLATE_CHUNK_BYTES = 1 << 20

/** Decode worker → stack helper: inflate this gzip file, refusing output past maxBytes. */
export interface InflateRequest {
  type: 'inflate'
  id: number
  blob: Blob
  maxBytes: number
}

/**
 * Stack helper → decode worker, while inflating: a piece of the output (its buffer
 * transferred), with the compressed bytes read so far; then how it ended: `done` at the end of
 * the data, `refused` when the platform could not inflate it (inflateNative's null: the pieces
 * sent are worth nothing), `too-large` past the cap. A failure of the helper itself (reading
 * the file, say) is a `failed` reply (stack-helper.ts).
 */
export type InflateReply =
  | {type: 'chunk'; id: number; bytes: Uint8Array; read: number}
  | {type: 'inflated'; id: number; end: 'done' | 'refused' | 'too-large'; endedAt: number}

/**
 * The stack helper's side of an inflate request: inflates the Blob with the platform's
 * DecompressionStream (inflate-native.ts) and posts the output in pieces of about 1 MiB as it
 * comes, each buffer transferred, so that the decode worker parses while this one inflates
 * (DecompressionStream works on the thread that reads it). `endedAt` is the end of the work in
 * absolute time (timeOrigin + now), comparable across workers. Errors other than the cap are
 * thrown, for the helper to report as a failure.
 */
export async function inflateToChunks(
  request: InflateRequest,
  post: (reply: InflateReply, transfer?: ArrayBuffer[]) => void,
): Promise<void> {
  const {id, blob, maxBytes} = request
  let read = 0
  const batch = batcher((bytes) => {
    post({type: 'chunk', id, bytes, read}, [bytes.buffer as ArrayBuffer])
  })
  let end: 'done' | 'refused' | 'too-large'
  try {
    const ok = await inflateNativeChunks(blob, maxBytes, batch.add, (done) => (read = done))
    if (ok) batch.flush()
    end = ok ? 'done' : 'refused'
  } catch (e) {
    if (!(e instanceof ProfileError)) throw e
    end = 'too-large' // the only ProfileError of inflateNativeChunks
  }
  post({type: 'inflated', id, end, endedAt: performance.timeOrigin + performance.now()})
}

/** Gathers bytes into fresh buffers of INFLATE_CHUNK_BYTES, each handed to `emit` when full. */
function batcher(emit: (bytes: Uint8Array) => void) {
  let buf = new Uint8Array(INFLATE_CHUNK_BYTES)
  let n = 0
  return {
    add(bytes: Uint8Array): void {
      for (let at = 0; at < bytes.length; ) {
        const k = Math.min(buf.length - n, bytes.length - at)
        buf.set(bytes.subarray(at, at + k), n)
        n += k
        at += k
        if (n === buf.length) {
          emit(buf)
          buf = new Uint8Array(INFLATE_CHUNK_BYTES)
          n = 0
        }
      }
    },
    flush(): void {
      if (n > 0) emit(buf.subarray(0, n))
      n = 0
    },
  }
}

import {tooLargeError} from './gunzip'

// Deflate cannot expand data more than about 1032:1.
const MAX_RATIO = 1032

/**
 * Inflates the first gzip level of a Blob with the platform's DecompressionStream, which is
 * native code and several times faster than fflate, while the file is still being read.
 * The output goes into one buffer that never grows past `maxBytes`: a bomb is refused (with
 * gunzip.ts's ProfileError) after at most `maxBytes` of output, whatever its gzip trailer
 * claims.
 *
 * Resolves to null when the platform cannot do it: no DecompressionStream, concatenated gzip
 * members (which Chromium rejects as "junk after the end"), truncated or corrupt data. The
 * caller then runs fflate (gunzip.ts) on the whole file, which handles all of those and gives
 * the precise messages. `onProgress(done, total)` counts compressed bytes read.
 */
export async function inflateNative(
  blob: Blob,
  maxBytes: number,
  onProgress?: (done: number, total: number) => void,
): Promise<Uint8Array | null> {
  if (!hasDecompressionStream()) return null
  let capacity = await trailerSizeHint(blob, maxBytes)
  let out: Uint8Array
  try {
    out = new Uint8Array(capacity)
  } catch {
    // A trailer that claims much (forged, or a bomb under the cap) need not be reserved at once.
    capacity = Math.min(capacity, 1 << 20)
    out = new Uint8Array(capacity)
  }
  let total = 0
  const append = (bytes: Uint8Array) => {
    if (total + bytes.length > capacity) {
      capacity = Math.min(maxBytes, Math.max(capacity * 2, total + bytes.length))
      const bigger = new Uint8Array(capacity)
      bigger.set(out.subarray(0, total))
      out = bigger
    }
    out.set(bytes, total)
    total += bytes.length
  }
  if (!(await inflateNativeChunks(blob, maxBytes, append, onProgress))) return null
  return total === capacity ? out : out.subarray(0, total)
}

/** Whether the platform has DecompressionStream (and the TransformStream it needs here). */
export function hasDecompressionStream(): boolean {
  return typeof DecompressionStream === 'function' && typeof TransformStream === 'function'
}

/**
 * inflateNative's work without the output buffer: each piece of output goes to `onChunk` as
 * the platform makes it (a view that onChunk must copy or use before returning), after the
 * cap is checked. Resolves to true at the end of the data, false when the platform cannot
 * inflate it (inflateNative's null; what came before is then worth nothing). Throws
 * gunzip.ts's ProfileError once the output passes `maxBytes`.
 */
export async function inflateNativeChunks(
  blob: Blob,
  maxBytes: number,
  onChunk: (bytes: Uint8Array) => void,
  onProgress?: (done: number, total: number) => void,
): Promise<boolean> {
  if (!hasDecompressionStream()) return false
  const size = blob.size
  let read = 0
  const counter = new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, controller) {
      read += chunk.byteLength
      onProgress?.(read, size)
      controller.enqueue(chunk)
    },
  })
  // Errors of blob.stream() itself are not the platform's inflater failing: they propagate.
  const source = blob.stream()
  let total = 0
  let reader: ReadableStreamDefaultReader<Uint8Array>
  try {
    reader = source
      .pipeThrough(counter)
      .pipeThrough(new DecompressionStream('gzip') as TransformStream<Uint8Array, Uint8Array>)
      .getReader()
  } catch {
    return false
  }
  for (;;) {
    let chunk: ReadableStreamReadResult<Uint8Array>
    try {
      chunk = await reader.read()
    } catch {
      return false
    }
    if (chunk.done) return true
    const bytes = chunk.value
    if (total + bytes.length > maxBytes) {
      void reader.cancel().catch(() => {})
      throw tooLargeError(maxBytes)
    }
    total += bytes.length
    onChunk(bytes)
  }
}

/**
 * The gzip trailer's size (of the last member, mod 2^32) when it is believable: within the cap
 * and what deflate can reach from this file. Else a guess that doubling will correct.
 */
export async function trailerSizeHint(blob: Blob, maxBytes: number): Promise<number> {
  const guess = Math.min(maxBytes, Math.max(1 << 16, blob.size * 4))
  if (blob.size < 18) return guess
  const tail = new DataView(await blob.slice(blob.size - 4).arrayBuffer())
  const isize = tail.getUint32(0, true)
  return isize > 0 && isize <= maxBytes && isize <= blob.size * MAX_RATIO ? isize : guess
}

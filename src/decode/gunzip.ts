import {Gunzip} from 'fflate'
import {ProfileError} from './errors'

/** Does the data start with the gzip magic bytes 1f 8b? */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b
}

const MAX_NESTING = 4
// Deflate cannot expand more than ~1032:1, so input chunks this much smaller than the cap
// bound how far one push can overshoot it.
const MAX_RATIO = 1032

/**
 * Gunzips `bytes` (one or more concatenated gzip members, and gzip inside gzip up to 4 levels)
 * with fflate's streaming Gunzip, refusing as soon as the output of a level passes `maxBytes`.
 * Nothing is allocated from the gzip trailer's size field. The CRC is not checked.
 *
 * `onProgress(done, total)` reports compressed bytes consumed. Throws ProfileError
 * (`decompressing profile: …`) for truncated or corrupt data and for output over the cap.
 */
export function gunzipCapped(
  bytes: Uint8Array,
  maxBytes: number,
  onProgress?: (done: number, total: number) => void,
): Uint8Array {
  let data = bytes
  for (let level = 0; isGzip(data); level++) {
    if (level === MAX_NESTING) {
      throw new ProfileError(
        `decompressing profile: gzip nested more than ${MAX_NESTING} levels deep; refusing it`,
      )
    }
    data = gunzipLevel(data, maxBytes, level === 0 ? onProgress : undefined)
  }
  return data
}

function gunzipLevel(
  input: Uint8Array,
  maxBytes: number,
  onProgress?: (done: number, total: number) => void,
): Uint8Array {
  const chunks: Uint8Array[] = []
  let total = 0
  let memberStart = 0 // output offset where the current gzip member began
  const tooLarge = tooLargeError(maxBytes)
  const stream = new Gunzip((chunk) => {
    total += chunk.length
    if (total > maxBytes) throw tooLarge
    if (chunk.length > 0) chunks.push(chunk)
  })
  stream.onmember = () => {
    memberStart = total
  }
  if (input.length < 20) throw unexpectedEof()
  const chunkSize = Math.max(4096, Math.min(1 << 20, Math.floor(maxBytes / MAX_RATIO / 4)))
  try {
    for (let pos = 0; pos < input.length; pos += chunkSize) {
      const end = Math.min(input.length, pos + chunkSize)
      stream.push(input.subarray(pos, end), end === input.length)
      onProgress?.(end, input.length)
    }
  } catch (e) {
    if (e === tooLarge) throw e
    const message = e instanceof Error ? e.message : String(e)
    if (message.includes('unexpected EOF')) throw unexpectedEof()
    throw new ProfileError(`decompressing profile: ${message} (the gzip data is corrupt)`)
  }
  // fflate accepts a stream cut after the last deflate block; the trailer's size field (the
  // last member's length mod 2^32) tells a truncated stream from a complete one.
  if (trailerSize(input) !== (total - memberStart) % 0x100000000) throw unexpectedEof()
  return concat(chunks, total)
}

/** The error for data that inflates past the cap. */
export function tooLargeError(maxBytes: number): ProfileError {
  return new ProfileError(
    `decompressing profile: the data inflates to more than ${formatBytes(maxBytes)}, the ` +
      'limit; refusing it (it may be a gzip bomb)',
  )
}

/** The gzip trailer's ISIZE: the last member's uncompressed size mod 2^32. */
function trailerSize(input: Uint8Array): number {
  const n = input.length
  return (input[n - 4] | (input[n - 3] << 8) | (input[n - 2] << 16) | (input[n - 1] << 24)) >>> 0
}

function unexpectedEof(): ProfileError {
  return new ProfileError(
    'decompressing profile: unexpected EOF (the gzip data is truncated or corrupt)',
  )
}

function concat(chunks: Uint8Array[], total: number): Uint8Array {
  if (chunks.length === 1) return chunks[0]
  const out = new Uint8Array(total)
  let offset = 0
  for (const c of chunks) {
    out.set(c, offset)
    offset += c.length
  }
  return out
}

/** A byte count in binary units: "16 MiB", "1 GiB". */
export function formatBytes(n: number): string {
  const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB']
  let i = 0
  let v = n
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024
    i++
  }
  return `${Number.isInteger(v) ? v : v.toFixed(1)} ${units[i]}`
}

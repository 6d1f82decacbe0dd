import {Decoder} from './protobuf'
import {type RawProfile, newRawProfile} from './raw'
import {WireError, newReader, readVarint32} from './wire'

/**
 * decodeProtobuf over data that arrives in chunks (the decode worker parses a gzipped file
 * while the stack helper inflates it). push() parses every complete top-level Profile field and
 * keeps the incomplete one for the next chunk; finish() parses what is left as decodeProtobuf
 * would at the end of the data and returns the RawProfile.
 *
 * The same RawProfile and the same errors as decodeProtobuf on the whole data, whatever the
 * chunks: a field is parsed once the bytes that decide how it decodes are all there (fieldEnd),
 * with the same Decoder, in order; positions in error messages count from the start of the
 * data. After an error, the stream must not be used again.
 */
export class ProtobufStream {
  private raw: RawProfile
  private decoder: Decoder
  /** The incomplete field's bytes (its first chunk's end, then whole chunks) and their sum. */
  private pending: Uint8Array[] = []
  private pendingLength = 0
  /** Where the incomplete field starts in the data. */
  private pendingStart = 0
  /** Its end relative to its start, once its tag (and length) have come; -1 before. */
  private need = -1
  /** Bytes received so far. */
  received = 0

  /** `sizeHint`: the expected size of the data (newRawProfile presizes from it), or 0. */
  constructor(sizeHint = 0) {
    this.raw = newRawProfile(sizeHint)
    this.decoder = new Decoder(this.raw)
  }

  /** The bytes parsed so far: the start of the incomplete field, or all that came. */
  get parsed(): number {
    return this.pendingLength > 0 ? this.pendingStart : this.received
  }

  /** Parses the complete fields of the data so far. Throws what decodeProtobuf would. */
  push(chunk: Uint8Array): void {
    if (chunk.length === 0) return
    const start = this.received
    this.received += chunk.length
    if (this.pendingLength === 0) return this.parse(chunk, 0, start)
    this.pending.push(chunk)
    this.pendingLength += chunk.length
    if (this.need < 0) {
      const head = joined(this.pending, Math.min(this.pendingLength, MAX_ENVELOPE))
      this.need = fieldEnd(head, 0, head.length)
    }
    if (this.need < 0 || this.pendingLength < this.need) return
    // The field is complete: it alone is copied out of the chunks, the rest is parsed in place.
    const field = joined(this.pending, this.need)
    const rest = this.pendingLength - this.need
    const fieldStart = this.pendingStart
    this.pending = []
    this.pendingLength = 0
    this.need = -1
    this.parse(field, 0, fieldStart)
    this.parse(chunk, chunk.length - rest, start)
  }

  /** Parses the rest as the end of the data, checks the strings; the RawProfile. */
  finish(): RawProfile {
    const rest = joined(this.pending, this.pendingLength)
    const start = this.pendingStart
    this.pending = []
    this.pendingLength = 0
    const r = newReader(rest)
    try {
      while (r.pos < r.len) {
        const tag = readVarint32(r)
        this.decoder.profileField(r, tag >>> 3, tag & 7)
      }
    } catch (e) {
      throw shifted(e, start)
    }
    this.decoder.checkStrings()
    return this.raw
  }

  /**
   * Parses the complete fields of buf from `pos` (buf[0] is at `offset` in the data) and keeps
   * the incomplete rest. A field's Reader ends at buf's end, not the data's: that changes
   * nothing once the field's bytes are all in buf.
   */
  private parse(buf: Uint8Array, from: number, offset: number): void {
    const r = newReader(buf)
    let pos = from
    let end = -1
    try {
      while (pos < buf.length) {
        end = fieldEnd(buf, pos, buf.length)
        if (end < 0 || end > buf.length) break
        r.pos = pos
        const tag = readVarint32(r)
        this.decoder.profileField(r, tag >>> 3, tag & 7)
        pos = r.pos
      }
    } catch (e) {
      throw shifted(e, offset)
    }
    if (pos === buf.length) return
    this.pending = [buf.subarray(pos)]
    this.pendingLength = buf.length - pos
    this.pendingStart = offset + pos
    this.need = end < 0 ? -1 : end - pos
  }
}

/** The most bytes before a field's body: a tag (5) and a varint (10) or a length (5). */
const MAX_ENVELOPE = 15

/**
 * Where a top-level field starting at buf[pos] ends: past its varint, its 4 or 8 bytes, or
 * its length-delimited body; or past the bytes that make its tag or length an error (a varint
 * too long or too large), or just past the tag for a wire type that is an error. Decoding the
 * field never reads beyond that, nor decides anything from what follows. -1 when the bytes
 * up to `limit` do not tell yet. The end may be beyond `limit`.
 */
export function fieldEnd(buf: Uint8Array, pos: number, limit: number): number {
  // Almost every field of a profile: a 1-byte tag, then a length (or a varint) of 1 or 2 bytes.
  if (pos + 3 <= limit && buf[pos] < 0x80) {
    const wt = buf[pos] & 7
    const a = buf[pos + 1]
    if (wt === 2 && a < 0x80) return pos + 2 + a
    if (wt === 2 && buf[pos + 2] < 0x80) return pos + 3 + ((a & 0x7f) | (buf[pos + 2] << 7))
    if (wt === 0 && a < 0x80) return pos + 2
  }
  return anyFieldEnd(buf, pos, limit)
}

/** fieldEnd for any field. */
function anyFieldEnd(buf: Uint8Array, pos: number, limit: number): number {
  const tag = varint32At(buf, pos, limit)
  if (tag < 0) return -1
  const afterTag = varintEnd
  if (tag > 0x7fffffff) return afterTag
  switch (tag & 7) {
    case 0:
      return varint64End(buf, afterTag, limit)
    case 1:
      return afterTag + 8
    case 2: {
      const length = varint32At(buf, afterTag, limit)
      if (length < 0) return -1
      return length > 0x7fffffff ? varintEnd : varintEnd + length
    }
    case 5:
      return afterTag + 4
    default:
      return afterTag
  }
}

// Where the last varint32At ended.
let varintEnd = 0

/**
 * The value of the varint at buf[pos] as readVarint32 reads it (up to 5 bytes), setting
 * varintEnd; above 0x7fffffff (readVarint32's error) when it is too large or too long; -1 when
 * it goes past `limit`.
 */
function varint32At(buf: Uint8Array, pos: number, limit: number): number {
  let value = 0
  for (let shift = 0; shift < 35; shift += 7) {
    if (pos >= limit) return -1
    const b = buf[pos++]
    value += (b & 0x7f) * 2 ** shift
    if (b < 0x80) {
      varintEnd = pos
      return value
    }
  }
  varintEnd = pos
  return 2 ** 35
}

/** The end of the varint at buf[pos] as readVarint64 reads it (10 bytes at most), or -1. */
function varint64End(buf: Uint8Array, pos: number, limit: number): number {
  for (let i = 0; i < 10; i++) {
    if (pos + i >= limit) return -1
    if (buf[pos + i] < 0x80) return pos + i + 1
  }
  return pos + 10
}

/** The first `length` bytes of the chunks, as one array (the chunk itself when it is one). */
function joined(chunks: Uint8Array[], length: number): Uint8Array {
  if (chunks.length > 0 && chunks[0].length >= length) return chunks[0].subarray(0, length)
  const out = new Uint8Array(length)
  let at = 0
  for (const c of chunks) {
    if (at === length) break
    const part = c.subarray(0, length - at)
    out.set(part, at)
    at += part.length
  }
  return out
}

/**
 * A WireError of bytes that start at `offset` in the data, with its position counted from the
 * start of the data, as decodeProtobuf has it (wire.ts's messages say "at byte N" once).
 */
function shifted(e: unknown, offset: number): unknown {
  if (offset === 0 || !(e instanceof WireError)) return e
  const at = (_: string, n: string) => `at byte ${Number(n) + offset}`
  return new WireError(e.message.replace(/at byte (\d+)/, at))
}


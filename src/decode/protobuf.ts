import type {Reader} from 'protobufjs/minimal.js'
import {ProfileError} from './errors'
import {type RawProfile, newRawProfile} from './raw'
import {decodeSample} from './sample-decoder'
import {
  WireError,
  inexact,
  isDelimited,
  isVarint,
  lastVarintText,
  newReader,
  readDelimitedEnd,
  readString,
  readVarint32,
  readVarint64,
  skipField,
} from './wire'

/**
 * Decodes an uncompressed pprof protobuf (proto/profile.proto) into a RawProfile, following
 * pprof's decoder (profile/proto.go, encode.go): unknown fields skipped, a known field with the
 * wrong wire type an error, repeated scalars packed or not, string_table[0] must be "", every
 * string index in range, a second time_nanos means two concatenated profiles.
 *
 * Samples go straight into typed arrays: all location ids into one Int32Array (per-sample
 * offsets beside it), all values into one row-major Float64Array.
 *
 * Throws WireError for data that is not protobuf, ProfileError for a malformed profile.
 */
export function decodeProtobuf(bytes: Uint8Array, onProgress?: (done: number) => void): RawProfile {
  const r = newReader(bytes)
  const raw = newRawProfile(bytes.length)
  const d = new Decoder(raw)
  const step = 1 << 20
  let nextReport = step
  while (r.pos < r.len) {
    const tag = readVarint32(r)
    d.profileField(r, tag >>> 3, tag & 7)
    if (onProgress && r.pos >= nextReport) {
      onProgress(r.pos)
      nextReport = r.pos + step
    }
  }
  d.checkStrings()
  return raw
}

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

class Decoder {
  private raw: RawProfile
  private maxString = 0
  private minString = 0

  constructor(raw: RawProfile) {
    this.raw = raw
  }

  /** Notes a string index, checked against the table once it is complete (checkStrings). */
  str(index: number): number {
    if (index > this.maxString) this.maxString = index
    else if (index < this.minString) this.minString = index
    return index
  }

  /** pprof's postDecode rejects any string index outside the table (errMalformed). */
  checkStrings(): void {
    const n = this.raw.strings.length
    if (n === 0) {
      throw new ProfileError(
        'malformed profile: the string table is empty (string_table[0] must be "")',
      )
    }
    const bad = this.minString < 0 ? this.minString : this.maxString >= n ? this.maxString : 0
    if (bad !== 0) {
      const text = Math.abs(bad) > 2 ** 53 ? 'beyond 2^53' : String(bad)
      throw new ProfileError(
        `malformed profile: string index ${text} is out of range (the string table has ${n} ` +
          'strings)',
      )
    }
  }

  int64(r: Reader, message: string, field: number, wireType: number): number {
    isVarint(r, message, field, wireType)
    return readVarint64(r, true)
  }

  private id(r: Reader, message: string, field: number, wireType: number): number {
    isVarint(r, message, field, wireType)
    const v = readVarint64(r, false)
    if (inexact) {
      throw new ProfileError(
        `malformed profile: ${message} id ${lastVarintText(false)} exceeds 2^53 and cannot be ` +
          'handled exactly',
      )
    }
    return v
  }

  profileField(r: Reader, field: number, wt: number): void {
    const raw = this.raw
    switch (field) {
      case 1: {
        isDelimited(r, 'Profile', field, wt)
        const t = this.valueType(r)
        raw.sampleTypes.push(t.type, t.unit)
        return
      }
      case 2:
        isDelimited(r, 'Profile', field, wt)
        return decodeSample(r, raw, this)
      case 3:
        isDelimited(r, 'Profile', field, wt)
        return this.message(r, (f, w) => this.mappingField(r, f, w), () => this.endMapping())
      case 4:
        isDelimited(r, 'Profile', field, wt)
        return this.location(r)
      case 5:
        isDelimited(r, 'Profile', field, wt)
        return this.message(r, (f, w) => this.functionField(r, f, w), () => this.endFunction())
      case 6: {
        isDelimited(r, 'Profile', field, wt)
        const s = readString(r)
        if (raw.strings.length === 0 && s !== '') {
          throw new ProfileError(
            `malformed profile: string_table[0] must be "" (it is "${clip(s)}")`,
          )
        }
        raw.strings.push(s)
        return
      }
      case 7:
        raw.dropFrames = this.str(this.int64(r, 'Profile', field, wt))
        return
      case 8:
        raw.keepFrames = this.str(this.int64(r, 'Profile', field, wt))
        return
      case 9: {
        const t = this.int64(r, 'Profile', field, wt)
        if (raw.timeNanos !== 0) {
          throw new ProfileError(
            'concatenated profiles detected: the file holds several profiles one after the ' +
              'other; open them one at a time',
          )
        }
        raw.timeNanos = t
        return
      }
      case 10:
        raw.durationNanos = this.int64(r, 'Profile', field, wt)
        return
      case 11:
        isDelimited(r, 'Profile', field, wt)
        raw.periodType = this.valueType(r)
        return
      case 12:
        raw.period = this.int64(r, 'Profile', field, wt)
        return
      case 13:
        return this.repeatedInt64(r, 'Profile', field, wt, (v) => raw.comments.push(this.str(v)))
      case 14:
        raw.defaultSampleType = this.str(this.int64(r, 'Profile', field, wt))
        return
      case 15:
        raw.docUrl = this.str(this.int64(r, 'Profile', field, wt))
        return
      default:
        skipField(r, wt)
    }
  }

  /** Reads an embedded message: `field` for each field, then `done`. */
  private message(r: Reader, field: (f: number, wt: number) => void, done: () => void): void {
    const end = readDelimitedEnd(r)
    const outer = r.len
    r.len = end
    while (r.pos < end) {
      const tag = readVarint32(r)
      field(tag >>> 3, tag & 7)
    }
    r.len = outer
    done()
  }

  private repeatedInt64(
    r: Reader,
    message: string,
    field: number,
    wt: number,
    add: (v: number) => void,
  ): void {
    if (wt === 0) return add(readVarint64(r, true))
    isDelimited(r, message, field, wt)
    const end = readDelimitedEnd(r)
    const outer = r.len
    r.len = end
    while (r.pos < end) add(readVarint64(r, true))
    r.len = outer
  }

  private valueType(r: Reader): {type: number; unit: number} {
    const t = {type: 0, unit: 0}
    this.message(
      r,
      (f, w) => {
        if (f === 1) t.type = this.str(this.int64(r, 'ValueType', f, w))
        else if (f === 2) t.unit = this.str(this.int64(r, 'ValueType', f, w))
        else skipField(r, w)
      },
      () => {},
    )
    return t
  }

  private mappingId = 0
  private mappingFile = 0
  private mappingBuildId = 0

  private mappingField(r: Reader, f: number, w: number): void {
    if (f === 1) this.mappingId = this.id(r, 'mapping', f, w)
    else if (f === 5) this.mappingFile = this.str(this.int64(r, 'Mapping', f, w))
    else if (f === 6) this.mappingBuildId = this.str(this.int64(r, 'Mapping', f, w))
    else if (f >= 2 && f <= 10) this.int64(r, 'Mapping', f, w)
    else skipField(r, w)
  }

  private endMapping(): void {
    const m = this.raw.mappings
    m.id.push(this.mappingId)
    m.file.push(this.mappingFile)
    m.buildId.push(this.mappingBuildId)
    this.mappingId = this.mappingFile = this.mappingBuildId = 0
  }

  private functionId = 0
  private functionName = 0
  private functionFile = 0

  private functionField(r: Reader, f: number, w: number): void {
    if (f === 1) this.functionId = this.id(r, 'function', f, w)
    else if (f === 2) this.functionName = this.str(this.int64(r, 'Function', f, w))
    else if (f === 3) this.str(this.int64(r, 'Function', f, w))
    else if (f === 4) this.functionFile = this.str(this.int64(r, 'Function', f, w))
    else if (f === 5) this.int64(r, 'Function', f, w)
    else skipField(r, w)
  }

  private endFunction(): void {
    const fns = this.raw.functions
    fns.id.push(this.functionId)
    fns.name.push(this.functionName)
    fns.file.push(this.functionFile)
    this.functionId = this.functionName = this.functionFile = 0
  }

  private location(r: Reader): void {
    const locs = this.raw.locations
    let id = 0
    let mappingId = 0
    this.message(
      r,
      (f, w) => {
        if (f === 1) id = this.id(r, 'location', f, w)
        else if (f === 2) mappingId = this.id(r, 'mapping', f, w)
        else if (f === 3 || f === 5) this.int64(r, 'Location', f, w)
        else if (f === 4) {
          isDelimited(r, 'Location', f, w)
          this.line(r)
        } else skipField(r, w)
      },
      () => {},
    )
    locs.id.push(id)
    locs.mappingId.push(mappingId)
    locs.lineStart.push(locs.lineFunctionId.length)
  }

  private line(r: Reader): void {
    let functionId = 0
    let line = 0
    this.message(
      r,
      (f, w) => {
        if (f === 1) functionId = this.id(r, 'function', f, w)
        else if (f === 2) line = this.int64(r, 'Line', f, w)
        else if (f === 3) this.int64(r, 'Line', f, w)
        else skipField(r, w)
      },
      () => {},
    )
    this.raw.locations.lineFunctionId.push(functionId)
    this.raw.locations.lineNumber.push(line)
  }
}

/** The beginning of a string for a message, without control characters. */
export function clip(s: string, max = 40): string {
  // eslint-disable-next-line no-control-regex
  const clean = s.replace(/[\u0000-\u001f\u007f]/g, ' ')
  return clean.length > max ? clean.slice(0, max) + '…' : clean
}

/** Re-exported for index.ts, which turns it into a ProfileError. */
export {WireError}

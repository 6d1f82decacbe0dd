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

/** The Profile message decoder, field by field (shared with protobuf-stream.ts). */
export class Decoder {
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

import type {Reader} from 'protobufjs/minimal.js'
import {ProfileError} from './errors'
import {type RawProfile, locationKey, noteValueCount, sampleCount} from './raw'
import {
  inexact,
  isDelimited,
  lastVarintText,
  readDelimitedEnd,
  readVarint32,
  readVarint64,
  skipField,
} from './wire'

/** What decodeSample needs from the Profile decoder: int64 fields and string-index notes. */
export interface FieldReader {
  int64(r: Reader, message: string, field: number, wireType: number): number
  str(index: number): number
}

/**
 * Decodes one Sample message (the hot path: no object per sample): its location ids go to
 * raw.samples.locations as keys (see locationKey), its values to the row-major values, its
 * numeric labels to the label columns. String indices are noted with `fields.str`.
 */
export function decodeSample(r: Reader, raw: RawProfile, fields: FieldReader): void {
  const samples = raw.samples
  const values = samples.values
  const valuesBefore = values.length
  const end = readDelimitedEnd(r)
  const outer = r.len
  r.len = end
  while (r.pos < end) {
    const tag = readVarint32(r)
    const field = tag >>> 3
    const wt = tag & 7
    if (field === 1 || field === 2) {
      if (wt === 0) {
        sampleNumber(r, raw, field)
      } else {
        isDelimited(r, 'Sample', field, wt)
        const packedEnd = readDelimitedEnd(r)
        r.len = packedEnd
        if (field === 1) packedLocationIds(r, raw, packedEnd)
        while (r.pos < packedEnd) sampleNumber(r, raw, field)
        r.len = end
      }
    } else if (field === 3) {
      isDelimited(r, 'Sample', field, wt)
      label(r, raw, fields)
    } else {
      skipField(r, wt)
    }
  }
  r.len = outer
  samples.locationStart.push(samples.locations.length)
  noteValueCount(samples, values.length - valuesBefore)
}

/**
 * The bulk of a big profile: packed location ids, almost all of 1 to 4 bytes, read inline.
 * Stops at the first longer one, which the caller reads the general way.
 */
function packedLocationIds(r: Reader, raw: RawProfile, end: number): void {
  const out = raw.samples.locations
  const buf = r.buf
  let pos = r.pos
  out.grow(out.length + (end - pos))
  const data = out.data
  let n = out.length
  while (pos < end) {
    let b = buf[pos]
    let id = b & 0x7f
    let next = pos + 1
    if (b >= 0x80) {
      if (next >= end) break
      b = buf[next++]
      id |= (b & 0x7f) << 7
      if (b >= 0x80) {
        if (next >= end) break
        b = buf[next++]
        id |= (b & 0x7f) << 14
        if (b >= 0x80) {
          if (next >= end) break
          b = buf[next++]
          id |= (b & 0x7f) << 21
          if (b >= 0x80) break
        }
      }
    }
    data[n++] = id
    pos = next
  }
  out.length = n
  r.pos = pos
}

/** Reads a location_id (field 1) or value (field 2) of a sample and appends it. */
function sampleNumber(r: Reader, raw: RawProfile, field: number): void {
  const v = readVarint64(r, field === 2)
  if (inexact) {
    throw new ProfileError(
      field === 2
        ? `sample value ${lastVarintText(true)} exceeds 2^53 and cannot be shown exactly`
        : `malformed profile: location id ${lastVarintText(false)} exceeds 2^53 and cannot ` +
            'be handled exactly',
    )
  }
  const samples = raw.samples
  if (field === 2) samples.values.push(v)
  else samples.locations.push(v <= 0x7fffffff ? v : locationKey(raw, v))
}

function label(r: Reader, raw: RawProfile, fields: FieldReader): void {
  let key = 0
  let str = 0
  let num = 0
  let unit = 0
  const end = readDelimitedEnd(r)
  const outer = r.len
  r.len = end
  while (r.pos < end) {
    const tag = readVarint32(r)
    const f = tag >>> 3
    const w = tag & 7
    if (f === 1) key = fields.str(fields.int64(r, 'Label', f, w))
    else if (f === 2) str = fields.str(fields.int64(r, 'Label', f, w))
    else if (f === 3) num = fields.int64(r, 'Label', f, w)
    else if (f === 4) unit = fields.str(fields.int64(r, 'Label', f, w))
    else skipField(r, w)
  }
  r.len = outer
  // pprof: str != 0 makes a string label, else num or unit a numeric one, else it is dropped.
  if (str !== 0 || (num === 0 && unit === 0)) return
  const samples = raw.samples
  samples.labelSample.push(sampleCount(samples))
  samples.labelKey.push(key)
  samples.labelNum.push(num)
}

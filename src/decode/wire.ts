import {Reader, configure, util} from 'protobufjs/minimal.js'

// Without this protobufjs returns Long objects for 64-bit fields (also in generated code).
util.Long = null as unknown as typeof util.Long
configure()

/**
 * Protobuf wire-format primitives over protobufjs's Reader (its `buf`, `pos` and `len`, where
 * `len` is the end of the message being read). 64-bit varints are read here, not by protobufjs,
 * so that a value beyond ±2^53 is detected instead of silently rounded.
 */

/** Thrown for data that is not well-formed protobuf; index.ts turns it into a ProfileError. */
export class WireError extends Error {
  override name = 'WireError'
}

const TWO_32 = 4294967296
const TWO_21 = 0x200000

/** Whether the last readVarint64 value was beyond ±2^53, so that the double is not exact. */
export let inexact = false
let lastLo = 0
let lastHi = 0

/** A Reader over bytes (never protobufjs's Node Buffer variant: the same code everywhere). */
export function newReader(bytes: Uint8Array): Reader {
  return new Reader(bytes)
}

function eof(r: Reader): WireError {
  return new WireError(`the data ends in the middle of a field, at byte ${r.pos}`)
}

/** A varint that must fit in 32 bits (tags, lengths); larger values are an error. */
export function readVarint32(r: Reader): number {
  const buf = r.buf
  const end = r.len
  let pos = r.pos
  let value = 0
  for (let shift = 0; shift < 35; shift += 7) {
    if (pos >= end) {
      r.pos = pos
      throw eof(r)
    }
    const b = buf[pos++]
    value += (b & 0x7f) * 2 ** shift
    if (b < 0x80) {
      r.pos = pos
      if (value > 0x7fffffff) throw new WireError(`a length or tag is too large, at byte ${pos}`)
      return value
    }
  }
  r.pos = pos
  throw new WireError(`a length or tag is too large, at byte ${pos}`)
}

/**
 * A 64-bit varint as a double: int64 (two's complement) when `signed`, else uint64. Sets
 * `inexact` when |value| > 2^53. More than 10 bytes is an error, like Go's "bad varint".
 */
export function readVarint64(r: Reader, signed: boolean): number {
  const buf = r.buf
  const end = r.len
  let pos = r.pos
  if (pos >= end) throw eof(r)
  let b = buf[pos++]
  if (b < 0x80) {
    r.pos = pos
    inexact = false
    return b
  }
  let lo = b & 0x7f
  for (let shift = 7; shift < 28; shift += 7) {
    if (pos >= end) {
      r.pos = pos
      throw eof(r)
    }
    b = buf[pos++]
    lo |= (b & 0x7f) << shift
    if (b < 0x80) {
      r.pos = pos
      inexact = false
      return lo
    }
  }
  if (pos >= end) {
    r.pos = pos
    throw eof(r)
  }
  b = buf[pos++]
  lo = (lo | (b << 28)) >>> 0
  let hi = (b & 0x7f) >>> 4
  if (b >= 0x80) {
    for (let shift = 3; ; shift += 7) {
      if (pos >= end) {
        r.pos = pos
        throw eof(r)
      }
      b = buf[pos++]
      hi |= (b & 0x7f) << shift
      if (b < 0x80) break
      if (shift === 31) {
        r.pos = pos
        throw new WireError(`bad varint (more than 10 bytes), at byte ${pos}`)
      }
    }
  }
  r.pos = pos
  hi >>>= 0
  lastLo = lo
  lastHi = hi
  if (signed && hi >= 0x80000000) {
    const nlo = (~lo + 1) >>> 0
    const nhi = (~hi + (nlo === 0 ? 1 : 0)) >>> 0
    inexact = nhi > TWO_21 || (nhi === TWO_21 && nlo !== 0)
    return -(nhi * TWO_32 + nlo)
  }
  inexact = hi > TWO_21 || (hi === TWO_21 && lo !== 0)
  return hi * TWO_32 + lo
}

/** The exact decimal text of the last readVarint64 value (for error messages). */
export function lastVarintText(signed: boolean): string {
  const v = (BigInt(lastHi) << 32n) | BigInt(lastLo)
  return (signed ? BigInt.asIntN(64, v) : v).toString()
}

/** Reads a length prefix and returns the end of the delimited bytes (checked against r.len). */
export function readDelimitedEnd(r: Reader): number {
  const length = readVarint32(r)
  const end = r.pos + length
  if (end > r.len) {
    throw new WireError(`a field of ${length} bytes at byte ${r.pos} runs past the end of the data`)
  }
  return end
}

/** Reads a length-delimited string. */
export function readString(r: Reader): string {
  const end = readDelimitedEnd(r)
  const s = end === r.pos ? '' : util.utf8.read(r.buf, r.pos, end)
  r.pos = end
  return s
}

/** Skips a field of an unknown number, like Go's decoder (wire types 3 and 4 are errors there). */
export function skipField(r: Reader, wireType: number): void {
  switch (wireType) {
    case 0:
      readVarint64(r, false)
      return
    case 1:
      skipBytes(r, 8)
      return
    case 2:
      r.pos = readDelimitedEnd(r)
      return
    case 5:
      skipBytes(r, 4)
      return
    default:
      throw new WireError(`unknown wire type ${wireType}, at byte ${r.pos}`)
  }
}

function skipBytes(r: Reader, n: number): void {
  if (r.pos + n > r.len) throw eof(r)
  r.pos += n
}

/** The error for a known field with the wrong wire type (Go: "type mismatch"). */
export function typeMismatch(
  r: Reader,
  message: string,
  field: number,
  wireType: number,
): WireError {
  return new WireError(
    `field ${field} of ${message} has wire type ${wireType}, which does not fit its type, ` +
      `at byte ${r.pos}`,
  )
}

/** Throws unless a field has wire type 2 (length-delimited). */
export function isDelimited(r: Reader, message: string, field: number, wireType: number): void {
  if (wireType !== 2) throw typeMismatch(r, message, field, wireType)
}

/** Throws unless a field has wire type 0 (varint). */
export function isVarint(r: Reader, message: string, field: number, wireType: number): void {
  if (wireType !== 0) throw typeMismatch(r, message, field, wireType)
}

// Synchronous, deterministic gzip writer on node's native zlib: every chunk is deflated on
// its own (pigz-style, ending in a sync flush) and the pieces are concatenated into one
// gzip member. Native speed, constant memory, and the compressed size so far is exact at
// every point, which lets the generator stop at a target size.

import {writeSync} from 'node:fs'
import zlib from 'node:zlib'

const CRC_TABLE = (() => {
  const t = new Int32Array(256)
  for (let n = 0; n < 256; n++) {
    let c = n
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
    t[n] = c
  }
  return t
})()

/** CRC-32 of bytes continuing from crc; zlib.crc32 exists from Node 20.15 on. */
const crc32 = zlib.crc32 ?? ((/** @type {Uint8Array} */ bytes, crc = 0) => {
  let c = ~crc
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8)
  return ~c >>> 0
})

/**
 * @typedef {object} ChunkedGzip
 * @property {(bytes: Uint8Array) => void} push deflates and writes one chunk
 * @property {() => void} finish writes the last block and the gzip trailer
 * @property {() => number} gzBytes compressed bytes written so far
 * @property {() => number} rawBytes uncompressed bytes pushed so far
 */

/**
 * Starts a gzip stream on an open file descriptor. The header has no mtime and a fixed OS
 * byte, so the output depends only on the bytes pushed and their chunking.
 * @param {number} fd
 * @param {number} level zlib level 1-9
 * @returns {ChunkedGzip}
 */
export function createChunkedGzip(fd, level) {
  let gz = 0
  let raw = 0
  let crc = 0
  const write = (/** @type {Uint8Array} */ b) => {
    writeSync(fd, b)
    gz += b.length
  }
  write(Uint8Array.of(0x1f, 0x8b, 8, 0, 0, 0, 0, 0, level === 9 ? 2 : level === 1 ? 4 : 0, 3))
  const opts = {level, finishFlush: zlib.constants.Z_SYNC_FLUSH}
  return {
    push(bytes) {
      if (bytes.length === 0) return
      crc = crc32(bytes, crc)
      raw += bytes.length
      write(zlib.deflateRawSync(bytes, opts))
    },
    finish() {
      write(zlib.deflateRawSync(new Uint8Array(0), {level}))
      const trailer = new Uint8Array(8)
      const view = new DataView(trailer.buffer)
      view.setUint32(0, crc >>> 0, true)
      view.setUint32(4, raw >>> 0, true)
      write(trailer)
    },
    gzBytes: () => gz,
    rawBytes: () => raw,
  }
}

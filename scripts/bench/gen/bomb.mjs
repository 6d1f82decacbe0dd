import {createWriteStream} from 'node:fs'
import {Readable} from 'node:stream'
import {pipeline} from 'node:stream/promises'
import {constants, createGzip} from 'node:zlib'

/**
 * Writes a gzip bomb: `mib` MiB of zeros at the best compression, streamed in 1 MiB chunks
 * so memory stays flat. Deterministic (node's gzip header has no timestamp).
 * @param {string} out
 * @param {number} mib
 * @returns {Promise<{out: string, gzBytes: number, rawBytes: number, ms: number}>}
 */
export async function writeBomb(out, mib) {
  const t0 = performance.now()
  const zeros = Buffer.alloc(1 << 20)
  const source = Readable.from((function* () {
    for (let i = 0; i < mib; i++) yield zeros
  })())
  const gzip = createGzip({level: constants.Z_BEST_COMPRESSION})
  let gzBytes = 0
  gzip.on('data', (/** @type {Buffer} */ c) => (gzBytes += c.length))
  await pipeline(source, gzip, createWriteStream(out))
  return {out, gzBytes, rawBytes: mib * (1 << 20), ms: performance.now() - t0}
}

import {spawnSync} from 'node:child_process'
import {createReadStream, existsSync, statSync} from 'node:fs'
import {join} from 'node:path'
import {createGunzip} from 'node:zlib'

/**
 * @typedef {object} BenchFile
 * @property {string} size name, e.g. '10mb'
 * @property {string} path absolute path
 * @property {string} name file name (served under /__bench/files/)
 * @property {number} gzBytes
 * @property {number} rawBytes decompressed size
 */

/**
 * Makes sure bench/generated/heap-<size>.pb.gz exists (generating it with seed 1 if not)
 * and measures it.
 * @param {string} root repository root
 * @param {string} size
 * @returns {Promise<BenchFile>}
 */
export async function ensureProfile(root, size) {
  const name = `heap-${size}.pb.gz`
  const path = join(root, 'bench', 'generated', name)
  if (!existsSync(path)) {
    console.log(`generating ${name} ...`)
    const r = spawnSync(process.execPath, [join(root, 'scripts', 'gen-profile.mjs'), '--size', size, '--out', path, '--seed', '1'],
      {stdio: 'inherit'})
    if (r.status !== 0) throw new Error(`gen-profile.mjs failed for ${size}`)
  }
  return {size, path, name, gzBytes: statSync(path).size, rawBytes: await gunzippedSize(path)}
}

/**
 * Decompressed size of a gzip file, streamed.
 * @param {string} path
 * @returns {Promise<number>}
 */
export function gunzippedSize(path) {
  return new Promise((resolve, reject) => {
    let n = 0
    createReadStream(path)
      .on('error', reject)
      .pipe(createGunzip())
      .on('data', (/** @type {Buffer} */ c) => (n += c.length))
      .on('end', () => resolve(n))
      .on('error', reject)
  })
}

import {createReadStream, existsSync, statSync} from 'node:fs'
import {createServer} from 'node:http'
import {extname, join, normalize, sep} from 'node:path'
import {FLOOR_HTML} from './floor.mjs'

/** @type {Record<string, string>} */
const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.wasm': 'application/wasm',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
}

/**
 * @typedef {object} ServeOptions
 * @property {string | null} dist the app build, served at /
 * @property {string} files directory of profiles, served at /__bench/files/ as plain bytes
 * @property {string} fflate fflate's browser ESM build, served at /__bench/fflate.mjs
 * @property {string | null} speedscope speedscope's release directory, served at /__speedscope/
 */

/**
 * Starts a static server on 127.0.0.1 at a free port. Profiles go out as
 * application/octet-stream with no Content-Encoding: the page must see the gzip bytes.
 * @param {ServeOptions} opts
 * @returns {Promise<{url: string, close: () => Promise<void>}>}
 */
export async function startServer(opts) {
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)
    if (path === '/__bench/floor.html') return send(res, 200, FLOOR_HTML, TYPES['.html'])
    if (path === '/__bench/fflate.mjs') return sendFile(res, opts.fflate)
    if (path.startsWith('/__bench/files/')) return sendFile(res, inside(opts.files, path.slice('/__bench/files/'.length)), 'application/octet-stream')
    if (path.startsWith('/__speedscope/') && opts.speedscope) {
      return sendFile(res, inside(opts.speedscope, path.slice('/__speedscope/'.length) || 'index.html'))
    }
    if (!opts.dist) return send(res, 404, 'no app build', TYPES['.txt'])
    return sendFile(res, inside(opts.dist, path === '/' ? 'index.html' : path.slice(1)))
  })
  await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)))
  const address = server.address()
  if (!address || typeof address === 'string') throw new Error('server has no port')
  return {
    url: `http://127.0.0.1:${address.port}`,
    close: () => new Promise((resolve) => {
      server.closeAllConnections()
      server.close(() => resolve())
    }),
  }
}

/** Resolves rel under dir, or null when it would escape it. */
function inside(/** @type {string} */ dir, /** @type {string} */ rel) {
  const full = normalize(join(dir, rel))
  return full === dir || full.startsWith(dir.endsWith(sep) ? dir : dir + sep) ? full : null
}

function send(/** @type {import('node:http').ServerResponse} */ res, /** @type {number} */ status, /** @type {string} */ body, /** @type {string} */ type) {
  res.writeHead(status, {'content-type': type, 'cache-control': 'no-store'})
  res.end(body)
}

function sendFile(/** @type {import('node:http').ServerResponse} */ res, /** @type {string | null} */ file, /** @type {string} */ type = '') {
  if (!file || !existsSync(file) || !statSync(file).isFile()) return send(res, 404, 'not found', TYPES['.txt'])
  res.writeHead(200, {
    'content-type': type || TYPES[extname(file)] || 'application/octet-stream',
    'content-length': statSync(file).size,
    'cache-control': 'no-store',
  })
  createReadStream(file).pipe(res)
}

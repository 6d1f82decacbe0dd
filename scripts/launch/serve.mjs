// The launcher's HTTP server: the built viewer (dist/) and the profiles named on the command
// line, on 127.0.0.1 only. Nothing else on the disk is reachable.
import {createReadStream, existsSync, statSync} from 'node:fs'
import {createServer} from 'node:http'
import {extname, join, normalize, sep} from 'node:path'

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
  '.txt': 'text/plain; charset=utf-8',
  '.gz': 'application/octet-stream',
}

/**
 * A profile to serve: a file on disk (`path`) or bytes fetched from a URL (`bytes`).
 * @typedef {{name: string, path?: string, bytes?: Uint8Array}} ServedProfile
 */

/** The page path of profile `i`, relative to the viewer: `profiles/0/heap.pb.gz`. */
export function profilePath(/** @type {number} */ i, /** @type {string} */ name) {
  return `profiles/${i}/${encodeURIComponent(name)}`
}

const COMMON_HEADERS = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  // Other sites cannot embed or read anything served here, profiles least of all.
  'cross-origin-resource-policy': 'same-origin',
  'cache-control': 'no-cache',
}

/**
 * Starts the server. With `strictPort` false a taken port falls back to a free one.
 * @param {{dist: string, profiles: ServedProfile[], port: number, strictPort: boolean}} opts
 * @returns {Promise<{port: number, close: () => Promise<void>}>}
 */
export async function startServer(opts) {
  let port = opts.port
  const server = createServer((req, res) => {
    try {
      handle(req, res)
    } catch {
      send(res, 500, 'internal error')
    }
  })
  /**
   * @param {import('node:http').IncomingMessage} req
   * @param {import('node:http').ServerResponse} res
   */
  function handle(req, res) {
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'method not allowed')
    // A page of another site reaching us through a DNS name bound to 127.0.0.1 (DNS
    // rebinding) sends its own host name: refuse it.
    const host = (req.headers.host ?? '').toLowerCase()
    if (host !== `127.0.0.1:${port}` && host !== `localhost:${port}`) {
      return send(res, 403, 'forbidden host')
    }
    let path
    try {
      path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)
    } catch {
      return send(res, 400, 'bad request')
    }
    const m = /^\/profiles\/(\d+)\//.exec(path)
    if (m) {
      const p = opts.profiles[Number(m[1])]
      if (!p) return send(res, 404, 'no such profile')
      if (p.bytes) return sendBytes(res, req.method, p.bytes)
      return sendFile(res, req.method, p.path ?? null, 'application/octet-stream')
    }
    const rel = path.endsWith('/') ? path.slice(1) + 'index.html' : path.slice(1)
    return sendFile(res, req.method, inside(opts.dist, rel))
  }
  const listen = (/** @type {number} */ p) =>
    new Promise((resolve, reject) => {
      server.once('error', reject)
      server.listen(p, '127.0.0.1', () => {
        server.off('error', reject)
        resolve(undefined)
      })
    })
  try {
    await listen(port)
  } catch (e) {
    const code = /** @type {NodeJS.ErrnoException} */ (e).code
    if (opts.strictPort || code !== 'EADDRINUSE') throw e
    await listen(0)
  }
  const address = server.address()
  if (!address || typeof address === 'string') throw new Error('the server has no port')
  port = address.port
  return {
    port,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

/** `rel` under `dir`, or null when it would leave it. */
function inside(/** @type {string} */ dir, /** @type {string} */ rel) {
  const root = normalize(dir)
  const full = normalize(join(root, rel))
  return full.startsWith(root.endsWith(sep) ? root : root + sep) ? full : null
}

/**
 * @param {import('node:http').ServerResponse} res
 * @param {number} status
 * @param {string} text
 */
function send(res, status, text) {
  res.writeHead(status, {...COMMON_HEADERS, 'content-type': TYPES['.txt']})
  res.end(text)
}

/**
 * @param {import('node:http').ServerResponse} res
 * @param {string | undefined} method
 * @param {Uint8Array} bytes
 */
function sendBytes(res, method, bytes) {
  res.writeHead(200, {
    ...COMMON_HEADERS,
    'content-type': 'application/octet-stream',
    'content-length': bytes.byteLength,
  })
  res.end(method === 'HEAD' ? undefined : bytes)
}

/**
 * @param {import('node:http').ServerResponse} res
 * @param {string | undefined} method
 * @param {string | null} file
 * @param {string} [type]
 */
function sendFile(res, method, file, type) {
  if (!file || !existsSync(file) || !statSync(file).isFile()) return send(res, 404, 'not found')
  res.writeHead(200, {
    ...COMMON_HEADERS,
    'content-type': type ?? TYPES[extname(file)] ?? 'application/octet-stream',
    'content-length': statSync(file).size,
  })
  if (method === 'HEAD') return res.end()
  createReadStream(file).pipe(res)
}

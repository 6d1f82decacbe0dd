import {type ChildProcess, spawn} from 'node:child_process'
import {readFileSync} from 'node:fs'
import {createServer, type IncomingMessage, type ServerResponse} from 'node:http'
import {extname, join, normalize, sep} from 'node:path'
import {fileURLToPath} from 'node:url'
import {fixture} from './helpers'

/** The repository root. */
export const ROOT = fileURLToPath(new URL('..', import.meta.url))

/** A server started by a test; `origin` is `http://127.0.0.1:<port>`. */
export interface TestServer {
  origin: string
  close: () => Promise<void>
}

async function listen(
  handler: (req: IncomingMessage, res: ServerResponse) => void | Promise<void>,
): Promise<TestServer> {
  const server = createServer((req, res) => void handler(req, res))
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
  const address = server.address()
  if (!address || typeof address === 'string') throw new Error('no port')
  return {
    origin: `http://127.0.0.1:${address.port}`,
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections()
        server.close(() => done())
      }),
  }
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.map': 'application/json',
}

/**
 * dist/ served under a sub-path (`/some/sub/path/`), as a static host would: anything outside
 * the prefix is a 404, and the prefix without its slash redirects to it. `headers` go with
 * every file (e.g. a Content-Security-Policy).
 */
export function serveDist(
  prefix: string,
  headers: Record<string, string> = {},
): Promise<TestServer> {
  const dist = join(ROOT, 'dist')
  return listen((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)
    if (path === prefix.replace(/\/$/, '')) {
      res.writeHead(301, {location: prefix})
      return void res.end()
    }
    if (!path.startsWith(prefix)) {
      res.writeHead(404)
      return void res.end('not found')
    }
    const rel = path.slice(prefix.length) || 'index.html'
    const file = normalize(join(dist, rel))
    if (!file.startsWith(dist + sep)) {
      res.writeHead(403)
      return void res.end()
    }
    try {
      const body = readFileSync(file)
      const type = TYPES[extname(file)] ?? 'application/octet-stream'
      res.writeHead(200, {...headers, 'content-type': type})
      res.end(body)
    } catch {
      res.writeHead(404)
      res.end('not found')
    }
  })
}

/**
 * Profiles from fixtures/ for `#url=` tests, another origin than the page:
 * `/cors/<fixture>` allows cross-origin reads, `/nocors/<fixture>` does not, `/slow/<fixture>`
 * (with CORS) sends half the file, waits `slowMs`, then the rest; anything else is a 404.
 */
export function serveProfiles(slowMs = 1500): Promise<TestServer> {
  return listen(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)
    const m = /^\/(cors|nocors|slow)\/(.+)$/.exec(path)
    let body: Buffer | null = null
    try {
      if (m && !m[2].includes('..')) body = readFileSync(fixture(m[2]))
    } catch {
      body = null
    }
    const cors = m && m[1] !== 'nocors' ? {'access-control-allow-origin': '*'} : {}
    if (!m || !body) {
      res.writeHead(404, {...cors, 'content-type': 'text/plain'})
      return void res.end('not found')
    }
    res.writeHead(200, {
      ...cors,
      'content-type': 'application/octet-stream',
      'content-length': body.length,
    })
    if (m[1] !== 'slow') return void res.end(body)
    const half = Math.floor(body.length / 2)
    res.write(body.subarray(0, half))
    await new Promise((done) => setTimeout(done, slowMs))
    res.end(body.subarray(half))
  })
}

/** The launcher (`npm start -- …`) running as a child process, and the URL it printed. */
export interface Launcher {
  url: string
  output: () => string
  stop: () => Promise<void>
}

/** Starts scripts/launch.mjs with `args` (plus --no-open --no-build --port 0). */
export async function startLauncher(args: string[]): Promise<Launcher> {
  const child: ChildProcess = spawn(
    process.execPath,
    ['scripts/launch.mjs', ...args, '--no-open', '--no-build', '--port', '0'],
    {cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe']},
  )
  let output = ''
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()))
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()))
  const exited = new Promise<void>((done) => child.once('exit', () => done()))
  const url = await new Promise<string>((done, fail) => {
    const timeout = () => fail(new Error(`the launcher printed no URL:\n${output}`))
    const timer = setTimeout(timeout, 30_000)
    const check = () => {
      const m = /heapscope: open (http\S+)/.exec(output)
      if (m) {
        clearTimeout(timer)
        done(m[1])
      }
    }
    child.stdout!.on('data', check)
    child.once('exit', (code) => {
      clearTimeout(timer)
      fail(new Error(`the launcher exited (${code}):\n${output}`))
    })
  })
  return {
    url,
    output: () => output,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM')
      await exited
    },
  }
}

#!/usr/bin/env node
// heapscope's launcher, like `go tool pprof -http=:8080 -base t0.pb.gz t1.pb.gz`:
//
//   npm start -- t1.pb.gz --base t0.pb.gz --port 8080
//   npm start -- http://localhost:6060/debug/pprof/heap
//   npm start                                   (the bundled sample)
//
// Builds the viewer when dist/ is missing or stale, serves it and the profiles on 127.0.0.1,
// and opens the browser at `#url=profiles/0/…&base=profiles/1/…`: the page fetches the
// profiles from this server, nothing leaves the machine. A URL argument is fetched here, once,
// so the Go server needs no CORS headers.
import {spawn} from 'node:child_process'
import {existsSync, statSync} from 'node:fs'
import {basename, dirname, join, resolve} from 'node:path'
import {fileURLToPath} from 'node:url'
import {USAGE, UsageError, hashValue, isUrl, nameFromUrl, parseArgs} from './launch/args.mjs'
import {buildReason, buildViewer} from './launch/build.mjs'
import {profilePath, startServer} from './launch/serve.mjs'

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const DEFAULT_PORT = 5173

/** @param {string} text */
function log(text) {
  process.stdout.write(`heapscope: ${text}\n`)
}

/** @param {number} n */
function size(n) {
  return n < 1024 * 1024 ? `${(n / 1024).toFixed(1)} kB` : `${(n / 1024 / 1024).toFixed(1)} MB`
}

/**
 * A profile argument: a file to serve from the disk, or a URL fetched now.
 * @param {string} arg
 * @returns {Promise<import('./launch/serve.mjs').ServedProfile>}
 */
async function loadProfile(arg) {
  if (!isUrl(arg)) {
    const path = resolve(arg)
    if (!existsSync(path) || !statSync(path).isFile()) throw new Error(`no such file: ${arg}`)
    log(`profile ${basename(path)} (${size(statSync(path).size)})`)
    return {name: basename(path), path}
  }
  const slow = /\/debug\/pprof\/(profile|trace)\b/.test(arg)
  log(`fetching ${arg}${slow ? ' (a CPU profile takes ?seconds=, 30 by default)' : ''}…`)
  let response
  try {
    response = await fetch(arg)
  } catch (e) {
    const cause = /** @type {{cause?: {code?: string}}} */ (e).cause
    throw new Error(`could not fetch ${arg}: ${cause?.code ?? String(e)}`)
  }
  if (!response.ok) throw new Error(`${arg}: HTTP ${response.status} ${response.statusText}`)
  const bytes = new Uint8Array(await response.arrayBuffer())
  log(`fetched ${nameFromUrl(arg)} (${size(bytes.byteLength)})`)
  return {name: nameFromUrl(arg), bytes}
}

/**
 * Opens the default browser; false when there is no way to.
 * @param {string} url
 * @returns {Promise<boolean>}
 */
function openBrowser(url) {
  /** @type {[string, string[], boolean]} */
  const [cmd, args, verbatim] =
    process.platform === 'darwin'
      ? ['open', [url], false]
      : process.platform === 'win32'
        ? // Quoted for cmd.exe, where '&' would end the command.
          ['cmd', ['/c', 'start', '""', `"${url}"`], true]
        : ['xdg-open', [url], false]
  return new Promise((done) => {
    const options = {stdio: /** @type {const} */ ('ignore'), detached: true}
    const child = spawn(cmd, args, {...options, windowsVerbatimArguments: verbatim})
    child.on('error', () => done(false))
    child.on('spawn', () => {
      child.unref()
      done(true)
    })
  })
}

async function main() {
  let args
  try {
    args = parseArgs(process.argv.slice(2))
  } catch (e) {
    if (!(e instanceof UsageError)) throw e
    process.stderr.write(`heapscope: ${e.message}\n${USAGE}\n`)
    process.exit(2)
  }
  if (args.help) {
    process.stdout.write(USAGE + '\n')
    return
  }
  const reason = buildReason(ROOT)
  if (reason && args.build) {
    log(`building the viewer into dist/ (${reason})…`)
    await buildViewer(ROOT)
  } else if (!existsSync(join(ROOT, 'dist', 'index.html'))) {
    throw new Error('dist/ has no build: run `npm run build`, or leave out --no-build')
  }
  const profiles = []
  if (args.profile) profiles.push(await loadProfile(args.profile))
  if (args.base) profiles.push(await loadProfile(args.base))
  const server = await startServer({
    dist: join(ROOT, 'dist'),
    profiles,
    port: args.port ?? DEFAULT_PORT,
    strictPort: args.port !== null && args.port !== 0,
  })
  const origin = `http://127.0.0.1:${server.port}/`
  let hash = 'sample'
  if (profiles.length > 0) {
    hash = `url=${hashValue(profilePath(0, profiles[0].name))}`
    if (profiles.length > 1) hash += `&base=${hashValue(profilePath(1, profiles[1].name))}`
  }
  const url = `${origin}#${hash}`
  log(`serving the viewer on ${origin} (Ctrl-C to stop)`)
  log(`open ${url}`)
  if (args.open && !(await openBrowser(url))) log('found no browser to open: open the URL above')
  const stop = () => void server.close().then(() => process.exit(0))
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
}

main().catch((e) => {
  process.stderr.write(`heapscope: ${e instanceof Error ? e.message : String(e)}\n`)
  process.exit(1)
})

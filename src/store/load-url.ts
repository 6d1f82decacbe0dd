import {openFile} from './actions'
import {blobOf, markSource} from './sources'
import {type LoadProgress, useViewer} from './store'
import type {UrlSource} from './url-format'

/**
 * Opening a profile by URL (`#url=…`, the "Open URL" field, the launcher): fetch it with
 * progress, then decode it like a dropped file. A failure says why in plain words: the HTTP
 * status, a server that does not allow cross-origin reads (with the `curl -o` command that
 * downloads the file instead), a server that cannot be reached.
 */

/** A failed download, with the message the page shows. */
export class FetchError extends Error {}

/** The name a URL's profile is shown under: its last path segment (`/debug/pprof/heap`: heap). */
export function nameFromUrl(url: string, base = 'http://localhost/'): string {
  let u: URL
  try {
    u = new URL(url, base)
  } catch {
    return url
  }
  const segments = u.pathname.split('/').filter((s) => s !== '')
  const last = segments.length > 0 ? segments[segments.length - 1] : ''
  try {
    return decodeURIComponent(last) || u.host || url
  } catch {
    return last || u.host || url
  }
}

/** A file name to save a URL's profile under: `heap` → `heap.pb.gz`, `?debug=1` → `.txt`. */
export function downloadNameFor(url: string): string {
  const safe = nameFromUrl(url).replace(/[^\w.-]+/g, '_').replace(/^[.-]+/, '') || 'profile'
  if (/\.[A-Za-z0-9]{1,6}$/.test(safe)) return safe
  let debug = false
  try {
    const d = new URL(url, 'http://localhost/').searchParams.get('debug')
    debug = d !== null && d !== '0'
  } catch {
    // keep the protobuf name
  }
  return safe + (debug ? '.txt' : '.pb.gz')
}

/** A word quoted for a POSIX shell. */
function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`
}

/** The message for a server that answers but does not let this page read the answer (CORS). */
export function corsMessage(url: string, pageOrigin: string): string {
  return (
    `the server does not allow cross-origin reads from ${pageOrigin} (no ` +
    `Access-Control-Allow-Origin header), so the page cannot fetch it. Download it and open ` +
    `the file instead: curl -o ${downloadNameFor(url)} ${shellQuote(url)}`
  )
}

export interface FetchOptions {
  signal?: AbortSignal
  /** Refuse a body longer than this many bytes. */
  maxBytes?: number
  /** Bytes received so far and the expected total (0 when the server does not say). */
  onProgress?: (done: number, total: number) => void
}

/** Fetches `url` (absolute, or relative to the page) as a Blob. Throws FetchError or AbortError. */
export async function fetchProfile(url: string, opts: FetchOptions = {}): Promise<Blob> {
  let target: URL
  try {
    target = new URL(url, document.baseURI)
  } catch {
    throw new FetchError('this is not a valid URL')
  }
  if (target.protocol !== 'http:' && target.protocol !== 'https:') {
    throw new FetchError('only http: and https: URLs can be opened')
  }
  const local = ['localhost', '127.0.0.1', '[::1]'].includes(target.hostname)
  if (location.protocol === 'https:' && target.protocol === 'http:' && !local) {
    const curl = `curl -o ${downloadNameFor(target.href)} ${shellQuote(target.href)}`
    throw new FetchError(
      'this page was loaded over https, so the browser refuses to read an http: URL (mixed ' +
        `content). Download it instead: ${curl}`,
    )
  }
  let response: Response
  try {
    response = await fetch(target, {signal: opts.signal})
  } catch (e) {
    if (opts.signal?.aborted) throw e
    throw new FetchError(await whyUnreachable(target, opts.signal))
  }
  if (!response.ok) {
    const status = `${response.status} ${response.statusText}`.trim()
    throw new FetchError(`the server answered HTTP ${status}`)
  }
  return readBody(response, opts)
}

// fetch() fails the same way for a server that refuses cross-origin reads and for one that is
// not there. A no-cors request tells them apart: it succeeds (with an unreadable answer) when
// the server answered.
async function whyUnreachable(target: URL, signal?: AbortSignal): Promise<string> {
  if (target.origin !== location.origin) {
    try {
      await fetch(target, {mode: 'no-cors', signal})
      return corsMessage(target.href, location.origin)
    } catch {
      // not reachable either: fall through
    }
  }
  return (
    `could not connect to ${target.origin} (the server is down or unreachable, or the ` +
    `page's Content-Security-Policy does not allow it)`
  )
}

async function readBody(response: Response, opts: FetchOptions): Promise<Blob> {
  const length = Number(response.headers.get('content-length'))
  // With a Content-Encoding the length counts compressed bytes, while the body is inflated.
  const total = response.headers.get('content-encoding') || !(length > 0) ? 0 : length
  const max = opts.maxBytes ?? Infinity
  if (total > max) throw new FetchError(tooLarge(max))
  if (!response.body) return response.blob()
  const reader = response.body.getReader()
  const chunks: BlobPart[] = []
  let done = 0
  let reported = 0
  opts.onProgress?.(0, total)
  for (;;) {
    const {value, done: end} = await reader.read()
    if (end) break
    chunks.push(value)
    done += value.byteLength
    if (done > max) {
      await reader.cancel()
      throw new FetchError(tooLarge(max))
    }
    const now = performance.now()
    if (now - reported > 100) {
      reported = now
      opts.onProgress?.(done, Math.max(total, done))
    }
  }
  opts.onProgress?.(done, Math.max(total, done))
  return new Blob(chunks)
}

function tooLarge(max: number): string {
  return `the file is larger than the size limit (${Math.round(max / 1024 / 1024)} MiB)`
}

let current: AbortController | null = null

/**
 * Downloads a profile and opens it (as the base with `asBase`). Resolves true when it is on
 * screen, false when it failed (the error banner says why) or another load replaced it.
 * `source` is what the page remembers as its origin (default: the URL as given).
 */
export async function openUrl(
  url: string,
  options: {asBase?: boolean; source?: UrlSource; name?: string} = {},
): Promise<boolean> {
  current?.abort()
  const controller = new AbortController()
  current = controller
  const fileName = options.name ?? nameFromUrl(url, document.baseURI)
  let shown: LoadProgress | null = null
  // Another load (a dropped file) replaces our progress: then this one gives way.
  const ours = () => current === controller && useViewer.getState().loading === shown
  const show = (done: number, total: number) => {
    shown = {fileName, stage: 'downloading', done, total}
    useViewer.setState({loading: shown, error: null})
  }
  show(0, 0)
  let blob: Blob
  try {
    blob = await fetchProfile(url, {
      signal: controller.signal,
      maxBytes: useViewer.getState().maxDecompressedBytes,
      onProgress: (done, total) => {
        if (ours()) show(done, total)
        else controller.abort()
      },
    })
  } catch (e) {
    if (!ours()) return false
    const message = e instanceof Error ? e.message : String(e)
    let shownUrl = url
    try {
      shownUrl = new URL(url, document.baseURI).href
    } catch {
      // show it as given
    }
    useViewer.setState({loading: null, error: {fileName: shownUrl, message}})
    return false
  } finally {
    if (current === controller) current = null
  }
  if (useViewer.getState().loading !== shown) return false
  markSource(blob, options.source ?? {kind: 'url', url})
  await openFile(blob, fileName, options.asBase)
  const s = useViewer.getState()
  const opened = options.asBase ? s.base : s.profile
  return opened !== null && blobOf(opened) === blob
}

/** Stops a download in progress (the page is going away, or a test). */
export function cancelUrlLoad(): void {
  current?.abort()
  current = null
}

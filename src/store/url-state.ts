import {create} from 'zustand'
import {clearBase, openFile, setMaxDecompressedBytes, swapBase} from './actions'
import {flameProfileOf} from './flame-profile'
import {refineFromUrl, refineToUrl} from './refine'
import {cancelUrlLoad, openUrl} from './load-url'
import {recentBlob, sourceOf} from './sources'
import {type ViewerState, useViewer} from './store'
import {
  SAMPLE_PATH,
  type UrlSource,
  type UrlState,
  formatHash,
  historyMode,
  parseHash,
  sameSource,
} from './url-format'
import {namesToZoom, zoomToNames} from './zoom-names'

/**
 * Keeps the URL hash and the view in step (format in ./url-format):
 * - on start and on back/forward (or an edited hash) the hash is applied: the profile and base
 *   are fetched when they come from a URL, then the sample type and zoom are restored;
 * - every change of the view rewrites the hash: a new history entry for a meaningful change, the
 *   same entry rewritten (after a pause) while the search is typed;
 * - nothing is written while a hash is being applied, so a slow `#url=` load loses nothing.
 * A profile opened from a local file cannot be reopened by a reload: its view waits in
 * `useLinkNote` until a file of that name is opened again.
 */

export interface LinkNote {
  /** A view in the URL that waits for its profile, opened from a local file, to be opened. */
  waitingFor: {file: string; base: string | null} | null
}

/** What the page says about the link (read by ui/OpenUrl's LinkNote). */
export const useLinkNote = create<LinkNote>()(() => ({waitingFor: null}))

const REPLACE_DELAY_MS = 300

let applying = 0
let applyToken = 0
/** The hash being applied (popstate and hashchange both report one navigation). */
let applyingText: string | null = null
/** The state the current history entry holds (null until a profile is shown). */
let written: UrlState | null = null
let writtenText = ''
let replaceTimer: ReturnType<typeof setTimeout> | null = null
let pending: UrlState | null = null
/** A view whose base, opened from a local file, is not open: applied when it is. */
let pendingBase: UrlState | null = null
/** `cap=` and the refine options of the last applied hash, written back as they were. */
let carried: Pick<UrlState, 'cap' | 'refine'> = {cap: null, refine: {}}

/** The URL state of a view (null before a profile is shown). */
export function urlStateOf(s: ViewerState): UrlState | null {
  const p = s.profile
  if (!p) return null
  const type = p.sampleTypes[s.sampleType]?.type ?? null
  const dflt = p.sampleTypes[p.defaultSampleType]?.type ?? null
  let base: UrlSource | null = s.base ? sourceOf(s.base) : null
  if (base?.kind === 'sample') base = {kind: 'url', url: SAMPLE_PATH}
  return {
    source: sourceOf(p),
    base,
    view: s.view === 'changes' && !s.base ? 'flame' : s.view,
    sampleType: type === dflt ? null : type,
    search: s.search,
    zoom: s.zoomPath.length > 0 ? zoomToNames(flameProfileOf(s)!, s.zoomPath) : [],
    topSort: s.topSort,
    orientation: s.orientation,
    diffMode: s.diffMode,
    normalize: s.normalize,
    diffWidth: s.diffWidth,
    palette: s.palette,
    cap: carried.cap,
    // Refine filters and granularity, with pprof's parameter names (f, i, h, s, sf, g).
    refine: refineToUrl(s.refine, s.granularity),
  }
}

function setLocationHash(text: string, mode: 'push' | 'replace'): void {
  const url = location.pathname + location.search + (text ? '#' + text : '')
  if (mode === 'push') history.pushState(history.state, '', url)
  else history.replaceState(history.state, '', url)
}

function flushReplace(): void {
  if (replaceTimer === null) return
  clearTimeout(replaceTimer)
  replaceTimer = null
  setLocationHash(writtenText, 'replace')
}

/** Writes the view into the hash when it changed (see the module comment). */
function write(s: ViewerState): void {
  if (applying > 0) return
  const next = urlStateOf(s)
  if (!next) return
  const text = formatHash(next)
  if (text === writtenText) return
  const mode = historyMode(written, next)
  written = next
  writtenText = text
  if (mode === 'push') {
    flushReplace()
    setLocationHash(text, 'push')
  } else {
    if (replaceTimer !== null) clearTimeout(replaceTimer)
    replaceTimer = setTimeout(() => {
      replaceTimer = null
      setLocationHash(writtenText, 'replace')
    }, REPLACE_DELAY_MS)
  }
}

/** The settings a hash sets whatever the profile. */
function applyViewOptions(u: UrlState): void {
  carried = {cap: u.cap, refine: u.refine}
  const cap = Number(u.cap)
  if (cap > 0) setMaxDecompressedBytes(cap * 1024 * 1024)
  useViewer.setState({
    ...refineFromUrl(u.refine),
    view: u.view,
    search: u.search,
    topSort: u.topSort,
    orientation: u.orientation,
    diffMode: u.diffMode,
    normalize: u.normalize,
    diffWidth: u.diffWidth,
    palette: u.palette,
  })
}

/** The settings that need the profile: the sample type (by name) and the zoom (by names). */
function applyProfileState(u: UrlState): void {
  const s = useViewer.getState()
  const p = s.profile
  if (!p) return
  const named = u.sampleType ? p.sampleTypes.findIndex((t) => t.type === u.sampleType) : -1
  const sampleType = named >= 0 ? named : p.defaultSampleType
  const view = u.view === 'changes' && !s.base ? 'flame' : u.view
  const zoomPath = u.zoom.length > 0 ? namesToZoom(flameProfileOf(s)!, u.zoom) : []
  useViewer.setState({sampleType, view, zoomPath})
}

/** Opens a source; true when it is on screen. A local file not opened in this page: null. */
async function openSource(source: UrlSource, asBase: boolean): Promise<boolean | null> {
  const recent = recentBlob(source)
  if (recent) {
    await openFile(recent.blob, recent.name, asBase)
    const s = useViewer.getState()
    const opened = asBase ? s.base : s.profile
    return opened !== null && sameSource(sourceOf(opened), source)
  }
  if (source.kind === 'file') return null
  if (source.kind === 'sample') return openUrl(SAMPLE_PATH, {asBase, source, name: 'heap.pb.gz'})
  return openUrl(source.url, {asBase})
}

/** Brings profile and base in line with the hash; false when that failed or must wait. */
async function ensureSources(u: UrlState, token: number): Promise<boolean> {
  const s = useViewer.getState()
  const current = s.profile ? sourceOf(s.profile) : null
  const base = s.base ? sourceOf(s.base) : null
  if (u.source === null) return s.profile !== null
  if (s.profile && u.base && sameSource(u.source, base) && sameSource(u.base, current)) {
    swapBase()
    return true
  }
  if (!sameSource(u.source, current)) {
    const opened = await openSource(u.source, false)
    if (token !== applyToken) return false
    if (opened === null) {
      pending = u
      useLinkNote.setState({
        waitingFor: {file: u.source.kind === 'file' ? u.source.name : '', base: fileName(u.base)},
      })
      return false
    }
    if (!opened) return false
  }
  const now = useViewer.getState()
  if (u.base === null) {
    if (now.base) clearBase()
    return true
  }
  if (now.base && sameSource(u.base, sourceOf(now.base))) return true
  const opened = await openSource(u.base, true)
  if (token !== applyToken) return false
  // A base that cannot be reopened (a local file): the profile shows, the view waits for it.
  if (opened === null) waitForBase(u)
  return opened !== false
}

/** Says that the link's comparison needs its base file, and applies the view once it is open. */
function waitForBase(u: UrlState): void {
  pendingBase = u
  useLinkNote.setState({waitingFor: {file: '', base: fileName(u.base)}})
}

function fileName(source: UrlSource | null): string | null {
  return source?.kind === 'file' ? source.name : null
}

/** Applies the hash in the address bar to the page. */
async function applyLocation(): Promise<void> {
  const text = location.hash.replace(/^#/, '')
  if (text === applyingText || (applyingText === null && text === writtenText && written)) return
  applyingText = text
  const token = ++applyToken
  if (replaceTimer !== null) clearTimeout(replaceTimer)
  replaceTimer = null
  const u = parseHash(location.hash)
  pending = null
  pendingBase = null
  useLinkNote.setState({waitingFor: null})
  applying++
  let ok = false
  try {
    applyViewOptions(u)
    ok = await ensureSources(u, token)
    if (ok && token === applyToken) applyProfileState(u)
  } finally {
    applying--
  }
  if (token !== applyToken) return
  applyingText = null
  const state = urlStateOf(useViewer.getState())
  if (ok && state) {
    written = state
    writtenText = formatHash(state)
    // Tidy the hash (key order, encoding) without a new entry.
    if (location.hash.replace(/^#/, '') !== writtenText) setLocationHash(writtenText, 'replace')
  } else {
    // Keep the hash as it is (a failed or waiting load): the next change of the view pushes.
    written = u
    writtenText = location.hash.replace(/^#/, '')
  }
}

/**
 * A new profile or base: a view waiting for a local file of that name is applied to it (a view
 * waiting for its base is dropped when another profile is opened).
 */
function onStoreChange(s: ViewerState, prev: ViewerState): void {
  if (applying > 0) return
  if (pendingBase && s.profile !== prev.profile) {
    pendingBase = null
    useLinkNote.setState({waitingFor: null})
  }
  if (pending && s.profile && s.profile !== prev.profile) {
    const u = pending
    pending = null
    useLinkNote.setState({waitingFor: null})
    if (u.source?.kind === 'file' && s.profile.fileName === u.source.name) {
      applyWaiting(u)
      if (u.base?.kind === 'file' && !useViewer.getState().base) waitForBase(u)
    }
  } else if (pendingBase && s.base && s.base !== prev.base) {
    const u = pendingBase
    pendingBase = null
    useLinkNote.setState({waitingFor: null})
    if (u.base?.kind === 'file' && s.base.fileName === u.base.name) applyWaiting(u)
  }
  write(useViewer.getState())
}

function applyWaiting(u: UrlState): void {
  applying++
  try {
    applyProfileState(u)
  } finally {
    applying--
  }
}

/** The link to the current view, with the last search typed in it. */
export function currentLink(): string {
  flushReplace()
  return location.href
}

/**
 * Opens profiles by URL from the page (the "Open URL" field): a new history entry, then loaded
 * like a link. An empty `url` keeps the profile and sets only the base.
 */
export function navigateToUrls(url: string, base: string): void {
  const s = useViewer.getState()
  const now = urlStateOf(s) ?? parseHash(location.hash)
  const next: UrlState = {
    ...now,
    source: url ? {kind: 'url', url} : now.source,
    base: base ? {kind: 'url', url: base} : url ? null : now.base,
    sampleType: url ? null : now.sampleType,
    zoom: [],
  }
  flushReplace()
  setLocationHash(formatHash(next), 'push')
  void applyLocation()
}

/**
 * Starts syncing (App calls it once): applies the hash, then follows the store and the
 * history. Returns the function that stops it.
 */
export function startUrlSync(): () => void {
  written = null
  writtenText = ''
  const unsubscribe = useViewer.subscribe(onStoreChange)
  const onNavigate = () => void applyLocation()
  window.addEventListener('popstate', onNavigate)
  window.addEventListener('hashchange', onNavigate)
  // A reload right after typing in the search box keeps what was typed.
  window.addEventListener('pagehide', flushReplace)
  void applyLocation()
  return () => {
    applyToken++
    applyingText = null
    unsubscribe()
    window.removeEventListener('popstate', onNavigate)
    window.removeEventListener('hashchange', onNavigate)
    window.removeEventListener('pagehide', flushReplace)
    if (replaceTimer !== null) clearTimeout(replaceTimer)
    replaceTimer = null
    cancelUrlLoad()
  }
}

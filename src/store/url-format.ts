import type {DiffMode, DiffPalette, DiffWidth, Orientation, TopSort, ViewName} from './store'

/**
 * The page's state as the URL hash holds it, and its text form. Pure: no DOM, no store.
 *
 *   #url=https://host/debug/pprof/heap&base=t0.pb.gz&view=top&si=alloc_space&q=json&z=main.main
 *
 * Keys (every one optional; a missing key means the default):
 * - where the profile comes from: `sample` (the bundled sample), `url=` (absolute, or relative
 *   to the page), or `file=` (a local file, by name: cannot be reopened by the page); the base:
 *   `base=` (a URL) or `basefile=` (a local file).
 * - the view: `view=` flame | top | changes | …, `si=` sample type by name (pprof's
 *   sample_index), `q=` the search, `z=` / `zi=` one per zoomed frame from the root (`zi` for
 *   a frame reached by inlining), `sort=cum`, `o=flame` (orientation).
 * - a comparison: `diff=diff_base`, `norm=1` (pprof's -normalize), `dw=current`, `pal=cb`.
 * - pprof's refine options, kept as given for when the viewer applies them: `f` `i` `h` `s`
 *   `sf` `g` `tf` `ti` `ts` `th` `prunefrom` (the names of pprof's own web UI).
 * - `cap=<MiB>`: the decompressed-size limit.
 */

export type UrlSource = {kind: 'sample'} | {kind: 'url'; url: string} | {kind: 'file'; name: string}

/** One frame of the zoom path: a function name, and whether the frame was inlined. */
export interface NamedFrame {
  name: string
  inlined: boolean
}

export interface UrlState {
  source: UrlSource | null
  /** The base of a comparison ('sample' is written as its URL). */
  base: UrlSource | null
  view: ViewName
  /** The sample type by name; null for the profile's default. */
  sampleType: string | null
  search: string
  zoom: NamedFrame[]
  topSort: TopSort
  orientation: Orientation
  diffMode: DiffMode
  normalize: boolean
  diffWidth: DiffWidth
  palette: DiffPalette
  /** pprof's refine options and granularity (f, i, h, s, sf, g, …), by URL key, as given. */
  refine: Record<string, string>
  /** `cap=` as given, or null. */
  cap: string | null
}

/** URL keys of pprof's refine options and granularity, in the order they are written. */
export const REFINE_KEYS = ['f', 'i', 'h', 's', 'sf', 'g', 'tf', 'ti', 'ts', 'th', 'prunefrom']

/** The bundled sample, relative to the page. */
export const SAMPLE_PATH = 'samples/heap.pb.gz'

export const defaultUrlState: UrlState = {
  source: null,
  base: null,
  view: 'flame',
  sampleType: null,
  search: '',
  zoom: [],
  topSort: 'flat',
  orientation: 'icicle',
  diffMode: 'base',
  normalize: false,
  diffWidth: 'union',
  palette: 'red-green',
  refine: {},
  cap: null,
}

// Any view name is taken (the list grows); the page shows the flame graph for one it lacks.
const VIEW_NAME = /^[a-z][a-z_-]{0,23}$/

/** Reads a hash (`#a=b&c`, with or without the `#`); unknown keys and bad values are ignored. */
export function parseHash(hash: string): UrlState {
  const params = new URLSearchParams(hash.replace(/^#/, ''))
  const u: UrlState = {...defaultUrlState, zoom: [], refine: {}}
  const get = (k: string) => params.get(k)
  if (params.has('sample')) u.source = {kind: 'sample'}
  else if (get('url')) u.source = {kind: 'url', url: get('url')!}
  else if (get('file')) u.source = {kind: 'file', name: get('file')!}
  if (get('base')) u.base = {kind: 'url', url: get('base')!}
  else if (get('basefile')) u.base = {kind: 'file', name: get('basefile')!}
  const view = get('view')
  if (view && VIEW_NAME.test(view)) u.view = view as ViewName
  u.sampleType = get('si') || null
  u.search = get('q') ?? ''
  for (const [k, v] of params) {
    if (k === 'z' || k === 'zi') u.zoom.push({name: v, inlined: k === 'zi'})
  }
  if (get('sort') === 'cum') u.topSort = 'cum'
  if (get('o') === 'flame') u.orientation = 'flame'
  if (get('diff') === 'diff_base') u.diffMode = 'diff_base'
  u.normalize = get('norm') === '1' || get('norm') === 't' || get('norm') === 'true'
  if (get('dw') === 'current') u.diffWidth = 'current'
  if (get('pal') === 'cb') u.palette = 'colorblind'
  for (const k of REFINE_KEYS) {
    const v = get(k)
    if (v) u.refine[k] = v
  }
  u.cap = get('cap') || null
  return u
}

// Characters left as they are in a hash value, for readable links: the unreserved ones, plus
// '/', ':', '@', ',', ';', '$', '(', ')', '*' (legal in a fragment, and not special to
// URLSearchParams). '&', '=', '+', '#', '%' and spaces are always escaped.
const KEEP = /%(2F|3A|40|2C|3B|24)/g

function encodeValue(v: string): string {
  return encodeURIComponent(v).replace(KEEP, (m) => decodeURIComponent(m))
}

/** The hash text (without '#') for a state; defaults are left out, keys in a fixed order. */
export function formatHash(u: UrlState): string {
  const parts: string[] = []
  const add = (k: string, v: string) => parts.push(`${k}=${encodeValue(v)}`)
  if (u.source?.kind === 'sample') parts.push('sample')
  else if (u.source?.kind === 'url') add('url', u.source.url)
  else if (u.source?.kind === 'file') add('file', u.source.name)
  if (u.base?.kind === 'sample') add('base', SAMPLE_PATH)
  else if (u.base?.kind === 'url') add('base', u.base.url)
  else if (u.base?.kind === 'file') add('basefile', u.base.name)
  if (u.view !== 'flame') add('view', u.view)
  if (u.sampleType !== null) add('si', u.sampleType)
  if (u.search !== '') add('q', u.search)
  for (const f of u.zoom) add(f.inlined ? 'zi' : 'z', f.name)
  if (u.topSort !== 'flat') add('sort', u.topSort)
  if (u.orientation !== 'icicle') add('o', u.orientation)
  if (u.base !== null) {
    if (u.diffMode !== 'base') add('diff', u.diffMode)
    if (u.normalize) add('norm', '1')
    if (u.diffWidth !== 'union') add('dw', u.diffWidth)
    if (u.palette !== 'red-green') add('pal', 'cb')
  }
  for (const k of REFINE_KEYS) if (u.refine[k]) add(k, u.refine[k])
  if (u.cap !== null) add('cap', u.cap)
  return parts.join('&')
}

/** Do two sources name the same profile? */
export function sameSource(a: UrlSource | null, b: UrlSource | null): boolean {
  if (a === null || b === null) return a === b
  if (a.kind === 'sample' || b.kind === 'sample') return a.kind === b.kind
  if (a.kind === 'url' && b.kind === 'url') return a.url === b.url
  if (a.kind === 'file' && b.kind === 'file') return a.name === b.name
  return false
}

/**
 * How a change from `prev` to `next` goes into the history: a new entry ('push') when the
 * profile, view, sample type, zoom, sort, comparison or refine options changed; the current
 * entry rewritten ('replace') when only the search, orientation or palette did, so that typing
 * in the search box does not add one entry per keystroke, or when there was no profile before.
 */
export function historyMode(prev: UrlState | null, next: UrlState): 'push' | 'replace' {
  // The first profile of a page takes over its entry: back would only show the same page.
  if (prev === null || prev.source === null) return 'replace'
  const minor = (u: UrlState) =>
    formatHash({...u, search: '', orientation: 'icicle', palette: 'red-green'})
  return minor(prev) === minor(next) ? 'replace' : 'push'
}

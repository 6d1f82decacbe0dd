import {compileGoRegexp} from '../analysis/go-regexp'
import type {Granularity} from '../analysis/granularity'
import {NO_REFINE, type RefineState, type ViewName, useViewer} from './store'

/**
 * Actions on pprof's refinements, the granularity and the selected function, and the regexps
 * made from a function name. Every view reads them through store/shown (useShown).
 */

/** One of pprof's refine options. */
export type RefineKind = keyof RefineState

/** The refine options in pprof's order, with pprof's names (as in "Active filters"). */
export const REFINE_KINDS: readonly {kind: RefineKind; flag: string}[] = [
  {kind: 'focus', flag: 'focus'},
  {kind: 'ignore', flag: 'ignore'},
  {kind: 'hide', flag: 'hide'},
  {kind: 'show', flag: 'show'},
  {kind: 'showFrom', flag: 'show_from'},
]

/** pprof's granularities, with what the UI calls them. */
export const GRANULARITIES: readonly {value: Granularity; label: string}[] = [
  {value: 'functions', label: 'Functions'},
  {value: 'filefunctions', label: 'Functions per file'},
  {value: 'files', label: 'Files'},
  {value: 'lines', label: 'Lines'},
]

/** Go's regexp.QuoteMeta: the regexp that matches `text` literally (also valid in JS). */
export function quoteRegexp(text: string): string {
  return text.replace(/[\\.+*?()|[\]{}^$]/g, '\\$&')
}

/** The regexp of exactly this name: what Focus / Ignore / Hide / Show from of a frame use. */
export function exactRegexp(name: string): string {
  return `^${quoteRegexp(name)}$`
}

/**
 * The regexp of the nodes of a function at any granularity: `main.f` matches `main.f`,
 * `main.f a.go` and `main.f a.go:12`, not `main.f.func1`.
 */
export function functionRegexp(name: string): string {
  return `^${quoteRegexp(name)}(?: |$)`
}

/** pprof's error for a regexp that does not compile ("parsing focus regexp: …"), else ''. */
export function regexpError(kind: RefineKind, value: string): string {
  const flag = REFINE_KINDS.find((k) => k.kind === kind)!.flag
  try {
    if (value !== '') compileGoRegexp(value, flag)
    return ''
  } catch (e) {
    return e instanceof Error ? e.message : String(e)
  }
}

/** Sets one refine option ('' removes it). */
export function setRefine(kind: RefineKind, value: string): void {
  const refine = useViewer.getState().refine
  if (refine[kind] === value) return
  useViewer.setState({refine: {...refine, [kind]: value}})
}

/**
 * Adds a regexp to an option: focus and show_from take the new one (pprof's web UI replaces
 * them), ignore, hide and show add it as an alternative (`a|b`) to what they had.
 */
export function addRefine(kind: RefineKind, regexp: string): void {
  const old = useViewer.getState().refine[kind]
  const joins = kind === 'ignore' || kind === 'hide' || kind === 'show'
  const parts = joins && old !== '' ? old.split('|') : []
  setRefine(kind, parts.includes(regexp) ? old : [...parts, regexp].join('|'))
}

/**
 * Enter in the search box: focus on the search regexp and clear the search, as pprof's web UI
 * does. A regexp that Go would not compile stays in the box (its error shows there).
 */
export function focusOnSearch(search: string): boolean {
  if (search === '' || regexpError('focus', search) !== '') return false
  useViewer.setState((s) => ({refine: {...s.refine, focus: search}, search: ''}))
  return true
}

/** Removes one refine option. */
export function removeRefine(kind: RefineKind): void {
  setRefine(kind, '')
}

/** Removes every refine option and goes back to functions granularity. */
export function clearRefine(): void {
  const {refine, granularity} = useViewer.getState()
  if (refine === NO_REFINE && granularity === 'functions') return
  useViewer.setState({refine: NO_REFINE, granularity: 'functions', zoomPath: []})
}

/** Changes the granularity; the zoom goes (its frames are of the other granularity). */
export function setGranularity(granularity: Granularity): void {
  if (useViewer.getState().granularity === granularity) return
  useViewer.setState({granularity, zoomPath: []})
}

/** Selects a function (by name) for every view; null clears the selection. */
export function selectFunction(name: string | null): void {
  if (useViewer.getState().selectedFunction !== name) useViewer.setState({selectedFunction: name})
}

/** Selects a function and shows it in a view (Peek, Source lines, Sandwich…). */
export function showFunctionIn(view: ViewName, name: string): void {
  useViewer.setState({selectedFunction: name, view})
}

/** Does the store hold any refinement or a granularity other than functions? */
export function isRefined(refine: RefineState, granularity: Granularity): boolean {
  return granularity !== 'functions' || REFINE_KINDS.some(({kind}) => refine[kind] !== '')
}

// pprof's web UI names of the options in its URL: f, i, h, s, sf, g.
const URL_KEYS: Record<RefineKind, string> = {
  focus: 'f',
  ignore: 'i',
  hide: 'h',
  show: 's',
  showFrom: 'sf',
}

/** The refine options and granularity from URL keys (f, i, h, s, sf, g; see url-format). */
export function refineFromUrl(keys: Record<string, string>): {
  refine: RefineState
  granularity: Granularity
} {
  const refine = {...NO_REFINE}
  for (const {kind} of REFINE_KINDS) refine[kind] = keys[URL_KEYS[kind]] ?? ''
  const g = GRANULARITIES.find((x) => x.value === keys.g)?.value ?? 'functions'
  return {refine, granularity: g}
}

/** The URL keys of refine options and granularity (left out when not set). */
export function refineToUrl(refine: RefineState, granularity: Granularity): Record<string, string> {
  const keys: Record<string, string> = {}
  for (const {kind} of REFINE_KINDS) if (refine[kind] !== '') keys[URL_KEYS[kind]] = refine[kind]
  if (granularity !== 'functions') keys.g = granularity
  return keys
}

import {create} from 'zustand'
import type {Granularity} from '../analysis/granularity'
import type {Profile} from '../model/profile'

export type ViewName =
  | 'flame'
  | 'top'
  | 'changes'
  | 'leaks'
  | 'hints'
  | 'peek'
  | 'lines'
  | 'tree'
  | 'graph'
  | 'sandwich'
/** pprof's -base (net values) or -diff_base (base kept apart, % of the base total). */
export type DiffMode = 'base' | 'diff_base'
/** Diff flame graph widths: base + current (removed frames stay visible) or current only. */
export type DiffWidth = 'union' | 'current'
export type DiffPalette = 'red-green' | 'colorblind'
export type TopSort = 'flat' | 'cum'
export type Orientation = 'icicle' | 'flame'

/**
 * A call path from the root, one key per frame: `func * 2 + inlined` (see frameKey in
 * ui/flame-graph). Independent of the sample type, so a zoom survives a sample-type switch.
 */
export type CallPath = number[]

/** pprof's refinements as Go RE2 regexps, '' when not set (see analysis/refine.ts). */
export interface RefineState {
  focus: string
  ignore: string
  hide: string
  show: string
  showFrom: string
}

export const NO_REFINE: RefineState = {focus: '', ignore: '', hide: '', show: '', showFrom: ''}

export interface LoadProgress {
  fileName: string
  /** 'downloading' while a profile is fetched by URL (store/load-url), then the decode stages. */
  stage: 'downloading' | 'reading' | 'inflating' | 'decoding' | 'building'
  done: number
  total: number
}

export interface LoadError {
  fileName: string
  message: string
}

export interface ViewerState {
  /** The profile on screen; replaced whole, never mutated. */
  profile: Profile | null
  /** A decode in progress (the previous profile stays on screen meanwhile). */
  loading: LoadProgress | null
  /** The last failed load; the view behind it is untouched. */
  error: LoadError | null
  /** Index into profile.sampleTypes. */
  sampleType: number
  /** The search box's text: a JavaScript regular expression, '' for none. */
  search: string
  view: ViewName
  topSort: TopSort
  /** The zoomed frame as a path of call-path keys from the root; [] when not zoomed. */
  zoomPath: CallPath
  orientation: Orientation
  /** Refuse files that inflate to more than this many bytes. */
  maxDecompressedBytes: number
  /** The base profile of a comparison (pprof's -base); null when not comparing. */
  base: Profile | null
  diffMode: DiffMode
  /** pprof's -normalize: scale the current profile to the base's totals. */
  normalize: boolean
  diffWidth: DiffWidth
  palette: DiffPalette
  /** Things that make the comparison doubtful (different periods or binaries). */
  diffWarnings: string[]
  /** Snapshots opened together, first to last (capture time, else file name); [] for none. */
  series: Profile[]
  /** Notes on the series (missing times, different binaries…). */
  seriesWarnings: string[]
  /** pprof's focus, ignore, hide, show, show_from: applied to every view (store/report.ts). */
  refine: RefineState
  /** pprof's -granularity, for every view. */
  granularity: Granularity
  /** The function (by name) Peek, Source lines, Sandwich and the graph show; null: none. */
  selectedFunction: string | null
}

export const DEFAULT_MAX_DECOMPRESSED_BYTES = 1024 * 1024 * 1024

export const initialViewerState: ViewerState = {
  profile: null,
  loading: null,
  error: null,
  sampleType: 0,
  search: '',
  view: 'flame',
  topSort: 'flat',
  zoomPath: [],
  orientation: 'icicle',
  maxDecompressedBytes: DEFAULT_MAX_DECOMPRESSED_BYTES,
  base: null,
  diffMode: 'base',
  normalize: false,
  diffWidth: 'union',
  palette: 'red-green',
  diffWarnings: [],
  series: [],
  seriesWarnings: [],
  refine: NO_REFINE,
  granularity: 'functions',
  selectedFunction: null,
}

/**
 * The one store. Components read narrow slices (`useViewer((s) => s.search)`); the big profile
 * is selected by identity only. Actions are module functions in ./actions.
 */
export const useViewer = create<ViewerState>()(() => ({...initialViewerState}))

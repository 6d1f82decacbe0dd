import {create} from 'zustand'
import type {Profile} from '../model/profile'

export type ViewName = 'flame' | 'top' | 'changes'
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

export interface LoadProgress {
  fileName: string
  stage: 'reading' | 'inflating' | 'decoding' | 'building'
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
}

/**
 * The one store. Components read narrow slices (`useViewer((s) => s.search)`); the big profile
 * is selected by identity only. Actions are module functions in ./actions.
 */
export const useViewer = create<ViewerState>()(() => ({...initialViewerState}))

import {callNodeTableOf} from '../analysis/call-tree'
import {checkComparable} from '../analysis/diff'
import {decodeInWorker} from '../decode/client'
import type {Profile} from '../model/profile'
import {markSource, rememberBlob} from './sources'
import {
  type CallPath,
  type DiffMode,
  type DiffPalette,
  type DiffWidth,
  type Orientation,
  type TopSort,
  type ViewName,
  useViewer,
} from './store'

/** Timings of the last load, for `npm run bench` (read from window.__heapscope.lastLoad). */
export interface LoadTimings {
  readMs: number
  inflateMs: number
  decodeMs: number
  buildMs: number
  helperJobs: number
  totalMs: number
}

declare global {
  interface Window {
    __heapscope?: {lastLoad?: Partial<LoadTimings> & Record<string, number>}
  }
}

let currentLoad: AbortController | null = null

/**
 * Decode a file in the worker and show it, as the profile or (`asBase`) as the base of a
 * comparison. A load started while another runs cancels the first. On failure the previous
 * view stays on screen and the error names the file.
 */
export async function openFile(file: Blob, fileName: string, asBase = false): Promise<void> {
  currentLoad?.abort()
  const controller = new AbortController()
  currentLoad = controller
  performance.clearMarks('heapscope:rendered')
  performance.mark('heapscope:file-chosen')
  const started = performance.now()
  useViewer.setState({loading: {fileName, stage: 'reading', done: 0, total: file.size}, error: null})
  try {
    const {profile, timings, callNodes} = await decodeInWorker(file, fileName, {
      maxDecompressedBytes: useViewer.getState().maxDecompressedBytes,
      signal: controller.signal,
      onProgress: (p) => {
        if (currentLoad === controller) useViewer.setState({loading: {fileName, ...p}})
      },
    })
    if (currentLoad !== controller) return
    performance.mark('heapscope:decoded')
    window.__heapscope = {lastLoad: {...timings, totalMs: performance.now() - started}}
    // The worker built the call tree with the stacks: the views use it, not a second one.
    callNodeTableOf(profile, callNodes)
    rememberBlob(profile, file)
    if (asBase) showBase(profile)
    else showProfile(profile)
  } catch (e) {
    if (currentLoad !== controller) return
    if (e instanceof DOMException && e.name === 'AbortError') return
    const message = e instanceof Error ? e.message : String(e)
    useViewer.setState({loading: null, error: {fileName, message}})
  } finally {
    if (currentLoad === controller) currentLoad = null
  }
}

/** The sample bundled with the app (public/samples/heap.pb.gz), fetched relative to the page. */
export async function openSample(): Promise<void> {
  const fileName = 'heap.pb.gz'
  try {
    const response = await fetch(new URL('samples/heap.pb.gz', document.baseURI))
    if (!response.ok) throw new Error(`HTTP ${response.status} ${response.statusText}`)
    const blob = await response.blob()
    markSource(blob, {kind: 'sample'})
    await openFile(blob, fileName)
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e)
    useViewer.setState({loading: null, error: {fileName, message: `could not fetch the sample: ${message}`}})
  }
}

function showProfile(profile: Profile): void {
  const {base, profile: previous, sampleType} = useViewer.getState()
  // Keep the sample type across a new snapshot of the same kind; else pprof's default.
  const keep = previous?.sampleTypes[sampleType]?.type
  const kept = keep === undefined ? -1 : profile.sampleTypes.findIndex((t) => t.type === keep)
  const comparison = base ? checkComparable(profile, base) : null
  useViewer.setState({
    profile,
    loading: null,
    error: null,
    sampleType: base && kept >= 0 ? kept : profile.defaultSampleType,
    zoomPath: [],
    // A base that cannot be compared with the new profile is dropped.
    base: comparison && comparison.error === null ? base : null,
    // A single file starts over: it is not part of the series on screen.
    series: [],
    seriesWarnings: [],
    diffWarnings: comparison && comparison.error === null ? comparison.warnings : [],
  })
}

function showBase(base: Profile): void {
  const {profile} = useViewer.getState()
  if (!profile) {
    useViewer.setState({loading: null, error: {fileName: base.fileName, message: 'open a profile first, then its base'}})
    return
  }
  const {error, warnings} = checkComparable(profile, base)
  if (error !== null) {
    useViewer.setState({
      loading: null,
      error: {fileName: base.fileName, message: `cannot compare it with ${profile.fileName}: ${error}`},
    })
    return
  }
  useViewer.setState({base, loading: null, error: null, diffWarnings: warnings, zoomPath: []})
}

/** Swap the profile and its base: what grew now shows as shrinking. */
export function swapBase(): void {
  const {profile, base} = useViewer.getState()
  if (!profile || !base) return
  const {warnings} = checkComparable(base, profile)
  useViewer.setState({profile: base, base: profile, diffWarnings: warnings, zoomPath: []})
}

/** Stop comparing: the profile alone again. */
export function clearBase(): void {
  useViewer.setState((s) => ({
    base: null,
    diffWarnings: [],
    zoomPath: [],
    view: s.view === 'changes' ? 'flame' : s.view,
  }))
}

export function setDiffMode(diffMode: DiffMode): void {
  useViewer.setState({diffMode})
}

export function setNormalize(normalize: boolean): void {
  useViewer.setState({normalize})
}

export function setDiffWidth(diffWidth: DiffWidth): void {
  useViewer.setState({diffWidth})
}

export function setPalette(palette: DiffPalette): void {
  useViewer.setState({palette})
}

export function setSampleType(sampleType: number): void {
  useViewer.setState({sampleType})
}

export function setSampleTypeByName(name: string): void {
  const profile = useViewer.getState().profile
  const index = profile?.sampleTypes.findIndex((t) => t.type === name) ?? -1
  if (index >= 0) setSampleType(index)
}

export function setSearch(search: string): void {
  useViewer.setState({search})
}

export function setView(view: ViewName): void {
  useViewer.setState({view})
}

export function setTopSort(topSort: TopSort): void {
  useViewer.setState({topSort})
}

export function setZoomPath(zoomPath: CallPath): void {
  useViewer.setState({zoomPath})
}

export function resetZoom(): void {
  if (useViewer.getState().zoomPath.length > 0) useViewer.setState({zoomPath: []})
}

export function setOrientation(orientation: Orientation): void {
  useViewer.setState({orientation})
}

export function dismissError(): void {
  useViewer.setState({error: null})
}

export function setMaxDecompressedBytes(maxDecompressedBytes: number): void {
  useViewer.setState({maxDecompressedBytes})
}

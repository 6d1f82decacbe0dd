import {decodeInWorker} from '../decode/client'
import type {Profile} from '../model/profile'
import {type CallPath, type Orientation, type TopSort, type ViewName, useViewer} from './store'

/** Timings of the last load, for `npm run bench` (read from window.__heapscope.lastLoad). */
export interface LoadTimings {
  readMs: number
  inflateMs: number
  decodeMs: number
  buildMs: number
  totalMs: number
}

declare global {
  interface Window {
    __heapscope?: {lastLoad?: Partial<LoadTimings> & Record<string, number>}
  }
}

let currentLoad: AbortController | null = null

/**
 * Decode a file in the worker and show it. A load started while another runs cancels the
 * first. On failure the previous profile stays on screen and the error names the file.
 */
export async function openFile(file: Blob, fileName: string): Promise<void> {
  currentLoad?.abort()
  const controller = new AbortController()
  currentLoad = controller
  performance.clearMarks('heapscope:rendered')
  performance.mark('heapscope:file-chosen')
  const started = performance.now()
  useViewer.setState({loading: {fileName, stage: 'reading', done: 0, total: file.size}, error: null})
  try {
    const {profile, timings} = await decodeInWorker(file, fileName, {
      maxDecompressedBytes: useViewer.getState().maxDecompressedBytes,
      signal: controller.signal,
      onProgress: (p) => {
        if (currentLoad === controller) useViewer.setState({loading: {fileName, ...p}})
      },
    })
    if (currentLoad !== controller) return
    performance.mark('heapscope:decoded')
    window.__heapscope = {lastLoad: {...timings, totalMs: performance.now() - started}}
    showProfile(profile)
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
    await openFile(await response.blob(), fileName)
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e)
    useViewer.setState({loading: null, error: {fileName, message: `could not fetch the sample: ${message}`}})
  }
}

function showProfile(profile: Profile): void {
  useViewer.setState({
    profile,
    loading: null,
    error: null,
    sampleType: profile.defaultSampleType,
    zoomPath: [],
  })
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

import {checkComparable} from '../analysis/diff'
import {orderSeries} from '../analysis/series'
import {decodeInWorker} from '../decode/client'
import type {Profile} from '../model/profile'
import {rememberBlob} from './sources'
import {useViewer} from './store'

/**
 * A series of snapshots (several heap profiles dropped at once, or added later): decoded one
 * after the other, ordered by capture time (else file name), the newest shown as the profile
 * and the oldest as its base, so the flame graph shows what grew over the whole series.
 */
export async function openSeries(files: File[], append = false): Promise<void> {
  const decoded: Profile[] = append ? [...useViewer.getState().series] : []
  const {profile} = useViewer.getState()
  if (append && decoded.length === 0 && profile) decoded.push(profile)
  for (const file of files) {
    useViewer.setState({loading: {fileName: file.name, stage: 'reading', done: 0, total: file.size}})
    try {
      const {profile} = await decodeInWorker(file, file.name, {
        maxDecompressedBytes: useViewer.getState().maxDecompressedBytes,
        onProgress: (p) => useViewer.setState({loading: {fileName: file.name, ...p}}),
      })
      rememberBlob(profile, file)
      decoded.push(profile)
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e)
      useViewer.setState({loading: null, error: {fileName: file.name, message}})
      return
    }
  }
  performance.mark('heapscope:decoded')
  if (decoded.length === 1) {
    useViewer.setState({loading: null})
    return showSnapshot(decoded, 0, -1)
  }
  const series = orderSeries(decoded)
  useViewer.setState({loading: null, error: null})
  showSnapshot(series.profiles, series.profiles.length - 1, 0, series.warnings)
}

/**
 * Show snapshot `current` of a series, compared with snapshot `base` (-1: none). A base that
 * cannot be compared with it is dropped with a warning.
 */
function showSnapshot(
  series: Profile[],
  current: number,
  base: number,
  seriesWarnings = useViewer.getState().seriesWarnings,
): void {
  const profile = series[current]
  const previous = useViewer.getState()
  const keep = previous.profile?.sampleTypes[previous.sampleType]?.type
  const kept = keep === undefined ? -1 : profile.sampleTypes.findIndex((t) => t.type === keep)
  let baseProfile: Profile | null = base >= 0 && base !== current ? series[base] : null
  let diffWarnings: string[] = []
  if (baseProfile) {
    const {error, warnings} = checkComparable(profile, baseProfile)
    if (error !== null) {
      diffWarnings = [`${baseProfile.fileName} cannot be its base: ${error}`]
      baseProfile = null
    } else {
      diffWarnings = warnings
    }
  }
  useViewer.setState({
    series: series.length > 1 ? series : [],
    seriesWarnings: series.length > 1 ? seriesWarnings : [],
    profile,
    base: baseProfile,
    diffWarnings,
    sampleType: kept >= 0 ? kept : profile.defaultSampleType,
    zoomPath: [],
    error: null,
  })
}

/** Make snapshot i the profile shown (its base stays, unless it is the same snapshot). */
export function selectSnapshot(i: number): void {
  const {series, base} = useViewer.getState()
  showSnapshot(series, i, base ? series.indexOf(base) : -1)
}

/** Make snapshot i the base of the comparison. */
export function selectBaseSnapshot(i: number): void {
  const {series, profile} = useViewer.getState()
  showSnapshot(series, profile ? series.indexOf(profile) : series.length - 1, i)
}

/**
 * Open a site of the leak ranking in the flame graph: the first and last snapshots as base and
 * current, the function highlighted by the search.
 */
export function showLeakSite(functionName: string): void {
  const {series} = useViewer.getState()
  if (series.length < 2) return
  showSnapshot(series, series.length - 1, 0)
  useViewer.setState({view: 'flame', search: `^${escapeRegExp(functionName)}$`})
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

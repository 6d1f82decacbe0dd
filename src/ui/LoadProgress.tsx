import {useViewer} from '../store/store'

const STAGE_TEXT = {
  downloading: 'Downloading',
  reading: 'Reading',
  inflating: 'Inflating',
  decoding: 'Decoding',
  building: 'Building',
} as const

function mb(bytes: number): string {
  return (bytes / (1024 * 1024)).toFixed(1)
}

// Reading and inflating count bytes; the later stages count records or frames.
function amount(stage: keyof typeof STAGE_TEXT, done: number, total: number): string {
  // A download without Content-Length: only what arrived so far.
  if (total === 0) return `${mb(done)} MB`
  if (stage === 'downloading' || stage === 'reading' || stage === 'inflating') {
    return `${mb(done)} of ${mb(total)} MB`
  }
  return `${Math.round((100 * done) / total)}%`
}

/** Shown while a file decodes: stage, bytes, a progress bar. */
export function LoadProgress() {
  const loading = useViewer((s) => s.loading)
  if (!loading) return null
  const fraction = loading.total > 0 ? Math.min(1, loading.done / loading.total) : 0
  return (
    <div className="load-progress" role="status" aria-live="polite">
      <span>
        {STAGE_TEXT[loading.stage]} {loading.fileName}
        {loading.total > 0 || loading.done > 0
          ? ` (${amount(loading.stage, loading.done, loading.total)})`
          : ''}
        …
      </span>
      <progress
        max={1}
        value={loading.total > 0 ? fraction : undefined}
        aria-label="Loading progress"
      />
    </div>
  )
}

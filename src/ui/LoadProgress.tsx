import {useEffect, useState} from 'react'
import {useViewer} from '../store/store'

/** Loads shorter than this show no progress bar (it would only flash). */
const SHOW_AFTER_MS = 500

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

/** Shown while a file decodes, once it has taken half a second: stage, bytes, a progress bar. */
export function LoadProgress() {
  const loading = useViewer((s) => s.loading)
  const active = loading !== null
  const [late, setLate] = useState(false)
  useEffect(() => {
    if (!active) {
      setLate(false)
      return
    }
    const timer = setTimeout(() => setLate(true), SHOW_AFTER_MS)
    return () => clearTimeout(timer)
  }, [active])
  if (!loading || !late) return null
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

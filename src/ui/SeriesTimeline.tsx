import {formatValueAuto} from '../analysis/format'
import {seriesTotals} from '../analysis/series'
import {getSeries} from '../store/derived'
import {selectBaseSnapshot, selectSnapshot} from '../store/series-actions'
import {useViewer} from '../store/store'

/**
 * The snapshots of a series as bars of the selected sample type's total. Click a snapshot to
 * show it, shift-click to make it the base; the flame graph and Top then show the diff.
 */
export function SeriesTimeline() {
  const profiles = useViewer((s) => s.series)
  const profile = useViewer((s) => s.profile)
  const base = useViewer((s) => s.base)
  const sampleType = useViewer((s) => s.sampleType)
  const warnings = useViewer((s) => s.seriesWarnings)
  if (profiles.length < 2 || !profile) return null
  const type = profile.sampleTypes[sampleType]
  const points = seriesTotals(getSeries(profiles), type.type)
  const max = Math.max(1, ...points.map((p) => p.total ?? 0))
  return (
    <div className="timeline" data-testid="timeline">
      <span className="muted">
        {profiles.length} snapshots · {type.type} · click: show, shift-click: base
      </span>
      <ol className="timeline-bars">
        {points.map((p) => {
          const snapshot = profiles[p.index]
          const role = snapshot === profile ? 'current' : snapshot === base ? 'base' : ''
          return (
            <li key={p.index}>
              <button
                type="button"
                className={`timeline-bar ${role}`}
                data-role={role || undefined}
                data-value={p.total ?? undefined}
                title={`${p.fileName}${p.timeMillis ? ' · ' + new Date(p.timeMillis).toLocaleString() : ''}: ${p.total === null ? 'no ' + type.type : formatValueAuto(p.total, type.unit)}`}
                onClick={(e) => (e.shiftKey ? selectBaseSnapshot(p.index) : selectSnapshot(p.index))}
              >
                <span className="bar" style={{height: `${Math.max(2, (32 * (p.total ?? 0)) / max)}px`}} />
                <span className="bar-label">{p.fileName}</span>
              </button>
            </li>
          )
        })}
      </ol>
      {warnings.length > 0 && <span className="muted">⚠ {warnings.join(' · ')}</span>}
    </div>
  )
}

import {formatValueAuto} from '../analysis/format'
import {sampleTotal} from '../analysis/top'
import {clearBase, setDiffMode, setNormalize, swapBase} from '../store/actions'
import {type DiffMode, useViewer} from '../store/store'

/** "10m", "2h 5m", "45s": a short duration. */
export function formatInterval(ms: number): string {
  const s = Math.round(Math.abs(ms) / 1000)
  if (s < 120) return `${s}s`
  const m = Math.round(s / 60)
  if (m < 120) return `${m}m`
  const h = Math.floor(m / 60)
  return `${h}h ${m % 60}m`
}

function signed(text: string, v: number): string {
  return v > 0 ? `+${text}` : text
}

/**
 * Shown while comparing with a base: which file is the base, how the selected total moved, the
 * comparison's options (pprof's -base / -diff_base, -normalize), swap and clear, and warnings.
 * For in-use types the totals compare as gauges; for alloc_* types (cumulative since the
 * program started) the difference is what was allocated between the snapshots, and with both
 * capture times known it is also given per second.
 */
export function CompareBar() {
  const profile = useViewer((s) => s.profile)
  const base = useViewer((s) => s.base)
  const sampleType = useViewer((s) => s.sampleType)
  const mode = useViewer((s) => s.diffMode)
  const normalize = useViewer((s) => s.normalize)
  const warnings = useViewer((s) => s.diffWarnings)
  if (!profile || !base) return null
  const type = profile.sampleTypes[sampleType]
  const baseIndex = base.sampleTypes.findIndex((t) => t.type === type.type)
  const before = baseIndex >= 0 ? sampleTotal(base, baseIndex) : 0
  const after = sampleTotal(profile, sampleType)
  const delta = after - before
  const pct = before !== 0 ? ` (${signed(((100 * delta) / before).toFixed(1), delta)}%)` : ''
  const interval =
    profile.timeMillis > 0 && base.timeMillis > 0 ? profile.timeMillis - base.timeMillis : 0
  const cumulative = type.type.startsWith('alloc_')
  let movement = `${formatValueAuto(before, type.unit)} → ${formatValueAuto(after, type.unit)}, ${signed(formatValueAuto(delta, type.unit), delta)}${pct}`
  if (cumulative) {
    movement = `${signed(formatValueAuto(delta, type.unit), delta)} allocated between the snapshots`
  }
  if (interval >= 1000) {
    movement += ` over ${formatInterval(interval)}`
    if (cumulative) movement += `, ${formatValueAuto(Math.round((delta * 1000) / interval), type.unit)}/s`
  }
  return (
    <div className="compare-bar" data-testid="compare-bar">
      <span>
        Comparing with base <strong data-testid="base-name">{base.fileName}</strong> →{' '}
        <strong>{profile.fileName}</strong>:{' '}
        <span data-testid="diff-movement">
          {type.type} {movement}
        </span>
      </span>
      <span className="spacer" />
      <label className="field">
        <select
          aria-label="Comparison"
          value={mode}
          onChange={(e) => setDiffMode(e.target.value as DiffMode)}
        >
          <option value="base">-base: net change</option>
          <option value="diff_base">-diff_base: % of base</option>
        </select>
      </label>
      <label className="check">
        <input type="checkbox" checked={normalize} onChange={(e) => setNormalize(e.target.checked)} />{' '}
        normalize
      </label>
      <button type="button" className="quiet" onClick={swapBase}>
        Swap
      </button>
      <button type="button" className="quiet" onClick={clearBase}>
        Clear base
      </button>
      {warnings.length > 0 && (
        <ul className="diff-warnings" data-testid="diff-warnings">
          {warnings.map((w) => (
            <li key={w}>⚠ {w}</li>
          ))}
        </ul>
      )}
    </div>
  )
}

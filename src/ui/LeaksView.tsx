import {useState} from 'react'
import {formatValueAuto} from '../analysis/format'
import type {LeakGrouping} from '../analysis/leaks'
import {getLeakReportJob, getSeries} from '../store/derived'
import {showLeakSite} from '../store/series-actions'
import {useViewer} from '../store/store'
import {JobProgress, useJob} from './JobProgress'
import {Sparkline} from './Sparkline'

function signed(v: number, unit: string): string {
  return (v > 0 ? '+' : '') + formatValueAuto(v, unit)
}

/**
 * Leak suspects over a series: functions (or call paths) ranked by how steadily their in-use
 * bytes and objects grow. A site that allocates a lot but keeps nothing, or stays level, ranks
 * low. Clicking a site opens it in the flame graph, first snapshot as base, last as current.
 * Big series take seconds to rank: it is done in steps, with its progress shown meanwhile.
 */
export function LeaksView() {
  const profiles = useViewer((s) => s.series)
  const [by, setBy] = useState<LeakGrouping>('function')
  const state = useJob(getLeakReportJob(getSeries(profiles), by))
  const report = state.status === 'done' ? state.value : null
  return (
    <section className="changes-view leaks-view" aria-label="Leak suspects">
      <div className="changes-toolbar">
        {report && (
          <span>
            {report.candidates.toLocaleString('en-US')} {by === 'function' ? 'functions' : 'call paths'}{' '}
            ranked over {profiles.length} snapshots by steady growth of in-use memory
            {report.x === 'index' ? ' (no capture times: per snapshot)' : ''}
          </span>
        )}{' '}
        <label className="field">
          <select aria-label="Rank" value={by} onChange={(e) => setBy(e.target.value as LeakGrouping)}>
            <option value="function">by function (allocation site)</option>
            <option value="path">by call path</option>
          </select>
        </label>
      </div>
      <JobProgress title="Ranking leak suspects" state={state} />
      {report && report.warnings.length > 0 && (
        <p className="muted">⚠ {report.warnings.join(' · ')}</p>
      )}
      {report && (
        <table className="leaks-table" data-testid="leaks-table">
          <thead>
            <tr>
              <th>trend</th>
              <th className="name">{by === 'function' ? 'function' : 'call path'}</th>
              <th>in-use growth</th>
              <th>per hour</th>
              <th>grew in</th>
              <th>objects</th>
              <th>retained</th>
              <th>score</th>
            </tr>
          </thead>
          <tbody>
            {report.rows.map((r, i) => (
              <tr key={(r.path ?? [r.name]).join(';') + i}>
                <td>
                  <Sparkline values={r.inuseSpace.values} />
                </td>
                <td className="name">
                  <button
                    type="button"
                    className="link"
                    title="Show in the flame graph: first snapshot as base, last as current"
                    onClick={() => showLeakSite(r.name)}
                  >
                    {r.name}
                  </button>
                  {r.path && <div className="muted path">{r.path.join(' → ')}</div>}
                </td>
                <td data-value={r.inuseSpace.growth}>
                  {signed(r.inuseSpace.growth, 'bytes')} ({formatValueAuto(r.inuseSpace.values[0], 'bytes')} →{' '}
                  {formatValueAuto(r.inuseSpace.values[r.inuseSpace.values.length - 1], 'bytes')})
                </td>
                <td>
                  {r.inuseSpace.growthPerHour === null ? '–' : `${signed(r.inuseSpace.growthPerHour, 'bytes')}/h`}
                </td>
                <td>
                  {r.inuseSpace.grewIntervals}/{r.inuseSpace.intervals}
                </td>
                <td>{signed(r.inuseObjects.growth, 'count')}</td>
                <td>{r.retainedFraction === null ? '–' : `${Math.round(100 * r.retainedFraction)}%`}</td>
                <td>{r.score.toFixed(2)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  )
}

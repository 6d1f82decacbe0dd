import {useMemo} from 'react'
import {formatPercent, formatValue} from '../../analysis/format'
import {computePeek, formatPeekText} from '../../analysis/peek'
import type {TreeLink, TreeReport} from '../../analysis/tree-report'
import {functionNameOf} from '../../store/report'
import {selectFunction} from '../../store/refine'
import {type Shown, useShown} from '../../store/shown'
import {onFunctionContextMenu} from './FunctionMenu'
import {CopyText, NoTarget, type Target, TargetTitle, useTarget} from './target'
import './views.css'

/** More matching entries than this are cut (a regexp like `.` matches every function). */
const MAX_ENTRIES = 200

/**
 * pprof's -peek: for the selected function (or each function matching the search), its
 * callers above and its callees below, with their weights and shares of its cum; untrimmed, at
 * the current granularity, on the refined profile, percentages of the whole profile.
 */
export function PeekView() {
  const shown = useShown()!
  const target = useTarget('node')
  const peek = usePeek(shown, target)
  if (!target) return <NoTarget what="its callers and callees" />
  return (
    <section className="report-view peek-view" aria-label="Peek">
      <header className="report-head">
        <h2>
          Peek: <TargetTitle target={target} />
        </h2>
        {'report' in peek && (
          <CopyText
            testId="peek-text"
            text={() =>
              formatPeekText(shown.profile, shown.sampleType, target.pattern, {
                total: shown.total,
                filters: shown.filters,
              })
            }
          />
        )}
      </header>
      {'error' in peek ? (
        <p className="empty refine-error">{peek.error}</p>
      ) : peek.report.entries.length === 0 ? (
        <p className="empty">No function matches {target.pattern} in this profile.</p>
      ) : (
        <PeekEntries shown={shown} report={peek.report} />
      )}
    </section>
  )
}

function usePeek(shown: Shown, target: Target | null): {report: TreeReport} | {error: string} {
  const {profile, sampleType, total, filters} = shown
  return useMemo(() => {
    if (!target) return {error: ''}
    try {
      return {report: computePeek(profile, sampleType, target.pattern, {total, filters})}
    } catch (e) {
      return {error: e instanceof Error ? e.message : String(e)}
    }
  }, [profile, sampleType, total, filters, target?.pattern])
}

/** The entries, each as pprof's block: callers, the function, callees. */
function PeekEntries({shown, report}: {shown: Shown; report: TreeReport}) {
  const {profile, sampleType} = shown
  const unit = profile.sampleTypes[sampleType].unit
  const fmt = (v: number) => formatValue(v, unit, report.outputUnit)
  const pct = (v: number, of: number) => formatPercent(v, of).trim()
  const entries = report.entries.slice(0, MAX_ENTRIES)
  const select = (name: string) => selectFunction(functionNameOf(profile, name))
  const link = (l: TreeLink, role: 'caller' | 'callee', cum: number) => (
    <tr
      key={role + l.name}
      data-role={role}
      onContextMenu={(e) => onFunctionContextMenu(e, functionNameOf(profile, l.name))}
    >
      <td colSpan={5} />
      <td className="num" data-value={l.weight}>
        {fmt(l.weight)}
      </td>
      <td className="num share" data-value={l.share}>
        <span className="bar" style={{width: `${Math.min(100, 100 * l.share)}%`}} />
        <span className="bar-label">{formatPercent(l.weight, cum).trim()}</span>
      </td>
      <td className={`name ${role}`}>
        <button type="button" className="link" onClick={() => select(l.name)}>
          {l.name}
        </button>
        {l.inline ? <span className="muted"> (inline)</span> : null}
      </td>
    </tr>
  )
  let sum = 0
  return (
    <div className="table-scroll">
      {report.entries.length > MAX_ENTRIES && (
        <p className="muted">
          Showing the first {MAX_ENTRIES} of {report.entries.length} matching functions.
        </p>
      )}
      <table className="top-table peek-table">
        <thead>
          <tr>
            <th className="num">flat</th>
            <th className="num">flat%</th>
            <th className="num">sum%</th>
            <th className="num">cum</th>
            <th className="num">cum%</th>
            <th className="num">calls</th>
            <th className="num">calls%</th>
            <th className="name">callers ↑ · function · callees ↓</th>
          </tr>
        </thead>
        {entries.map((entry) => {
          sum += entry.flat
          return (
            <tbody key={entry.name} className="peek-entry" data-name={entry.name}>
              {entry.callers.length === 0 && (
                <tr data-role="no-callers">
                  <td colSpan={7} />
                  <td className="name caller muted">(root: no callers)</td>
                </tr>
              )}
              {entry.callers.map((l) => link(l, 'caller', entry.cum))}
              <tr
                data-role="function"
                className="peek-function"
                onContextMenu={(e) => onFunctionContextMenu(e, functionNameOf(profile, entry.name))}
              >
                <td className="num" data-value={entry.flat}>
                  {fmt(entry.flat)}
                </td>
                <td className="num">{pct(entry.flat, report.total)}</td>
                <td className="num">{pct(sum, report.total)}</td>
                <td className="num" data-value={entry.cum}>
                  {fmt(entry.cum)}
                </td>
                <td className="num">{pct(entry.cum, report.total)}</td>
                <td colSpan={2} />
                <td className="name">{entry.name}</td>
              </tr>
              {entry.callees.map((l) => link(l, 'callee', entry.cum))}
            </tbody>
          )
        })}
      </table>
    </div>
  )
}

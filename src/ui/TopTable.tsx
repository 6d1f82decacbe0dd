import {useDeferredValue, useMemo, useRef, useState} from 'react'
import {formatPercent, formatValue, formatValueAuto, selectOutputUnit} from '../analysis/format'
import type {InsightRow} from '../analysis/heap-insight'
import {profileLabels} from '../analysis/report'
import {sortTopRows} from '../analysis/top'
import {setTopSort} from '../store/actions'
import {getHeapInsight, getSearch, getTop} from '../store/derived'
import {useShown} from '../store/shown'
import {type TopSort, useViewer} from '../store/store'
import {activeFilterLines, useRowSelection} from './views/row-selection'

const ROW_HEIGHT = 22
/** Tables up to this many rows render whole; longer ones render the rows in view. */
const FULL_RENDER_ROWS = 1500

/**
 * pprof's -top as a table: one row per function, flat/flat%/sum%/cum/cum%/name, values in one
 * unit per report formatted as pprof prints them, each numeric cell with its exact integer in
 * `data-value`. Sorted by flat or cum (pprof's orders); rows matching the search are marked.
 */
export function TopTable() {
  const {profile, sampleType, filters} = useShown()!
  const sort = useViewer((s) => s.topSort)
  const search = useDeferredValue(useViewer((s) => s.search))
  const report = getTop(profile, sampleType)
  const rows = useMemo(() => sortTopRows(report.rows, sort), [report, sort])
  const unit = profile.sampleTypes[sampleType]?.unit ?? ''
  const outputUnit = useMemo(
    () => selectOutputUnit(report.rows, report.total, unit),
    [report, unit],
  )
  const running = useMemo(() => {
    const sums = new Float64Array(rows.length)
    let sum = 0
    for (let i = 0; i < rows.length; i++) sums[i] = sum += rows[i].flat
    return sums
  }, [rows])
  const regex = getSearch(profile, sampleType, search).regex
  const [heapColumns, setHeapColumns] = useState(false)
  // Bytes per object and retention come from the profile as opened, not a comparison.
  const insight = useMemo(() => {
    const rows = heapColumns ? getHeapInsight(profile)?.rows : undefined
    return rows ? new Map(rows.map((r) => [r.name, r])) : null
  }, [heapColumns, profile])
  const alloc = profile.sampleTypes[sampleType]?.type.startsWith('alloc_') ?? false
  const shownFlat = running.length > 0 ? running[running.length - 1] : 0
  // Refined: pprof's Active filters, percentages of the whole profile (report.total).
  const labels = [
    ...profileLabels(profile, sampleType, {total: report.total}),
    ...activeFilterLines(filters),
  ]
  const selection = useRowSelection(profile)

  const scroller = useRef<HTMLDivElement>(null)
  const [scrollTop, setScrollTop] = useState(0)
  const virtual = rows.length > FULL_RENDER_ROWS
  const viewRows = 60
  const first = virtual ? Math.max(0, Math.floor(scrollTop / ROW_HEIGHT) - 10) : 0
  const last = virtual ? Math.min(rows.length, first + viewRows + 20) : rows.length

  const fmt = (v: number) => formatValue(v, unit, outputUnit)
  const header = (key: TopSort) => (
    <th aria-sort={sort === key ? 'descending' : 'none'} className="num">
      <button type="button" className="sort" onClick={() => setTopSort(key)} title={`Sort by ${key}`}>
        {key}
      </button>
    </th>
  )
  return (
    <section className="top-view" aria-label="Top">
      <div className="report-labels" data-testid="report-labels">
        {labels.map((l, i) => (
          <div key={i}>{l}</div>
        ))}
        <div>
          Showing nodes accounting for {fmt(shownFlat)},{' '}
          {formatPercent(shownFlat, report.total).trim()} of {fmt(report.total)} total
        </div>
      </div>
      {getHeapInsight(profile) && (
        <label className="check heap-columns">
          <input
            type="checkbox"
            checked={heapColumns}
            onChange={(e) => setHeapColumns(e.target.checked)}
          />{' '}
          bytes/object and retention columns (inuse_space ÷ alloc_space)
        </label>
      )}
      <div
        className="table-scroll"
        ref={scroller}
        onScroll={virtual ? (e) => setScrollTop(e.currentTarget.scrollTop) : undefined}
      >
        <table className="top-table">
          <thead>
            <tr>
              {header('flat')}
              <th className="num">flat%</th>
              <th className="num">sum%</th>
              {header('cum')}
              <th className="num">cum%</th>
              {insight && <th className="num">bytes/obj</th>}
              {insight && <th className="num">retention</th>}
              <th className="name">name</th>
            </tr>
          </thead>
          <tbody>
            {first > 0 && <tr style={{height: first * ROW_HEIGHT}} aria-hidden="true" />}
            {rows.slice(first, last).map((row, k) => {
              const i = first + k
              const name = row.annotation ? `${row.name} (${row.annotation})` : row.name
              const match = regex !== null && regex.test(row.name)
              return (
                <tr
                  key={row.name}
                  className={[match && 'match', selection.isSelected(row.name) && 'selected']
                    .filter(Boolean)
                    .join(' ') || undefined}
                  onClick={() => selection.select(row.name)}
                  onContextMenu={(e) => selection.menu(e, row.name)}
                >
                  <td className="num" data-value={row.flat}>
                    {fmt(row.flat)}
                  </td>
                  <td className="num" data-value={row.flat}>
                    {formatPercent(row.flat, report.total).trim()}
                  </td>
                  <td className="num" data-value={running[i]}>
                    {formatPercent(running[i], report.total).trim()}
                  </td>
                  <td className="num" data-value={row.cum}>
                    {fmt(row.cum)}
                  </td>
                  <td className="num" data-value={row.cum}>
                    {formatPercent(row.cum, report.total).trim()}
                  </td>
                  {insight && <InsightCells row={insight.get(row.name)} alloc={alloc} />}
                  <td className="name">{name}</td>
                </tr>
              )
            })}
            {last < rows.length && (
              <tr style={{height: (rows.length - last) * ROW_HEIGHT}} aria-hidden="true" />
            )}
          </tbody>
        </table>
        {rows.length === 0 && <p className="empty">No function has a value for this sample type.</p>}
      </div>
    </section>
  )
}

/**
 * Bytes per object (of the selected kind: in use or allocated) and retention (inuse_space ÷
 * alloc_space) of a function: its own allocations (flat), or everything under it when it
 * allocates nothing itself (cum).
 */
function InsightCells({row, alloc}: {row: InsightRow | undefined; alloc: boolean}) {
  if (!row) return <><td className="num" /><td className="num" /></>
  const perObject = alloc ? row.bytesPerObject.alloc : row.bytesPerObject.inuse
  const bpo = perObject.flat ?? perObject.cum
  const retention = row.retention.flat ?? row.retention.cum
  return (
    <>
      <td className="num" data-value={bpo ?? ''}>
        {bpo === null ? '–' : formatValueAuto(Math.round(bpo), 'bytes')}
      </td>
      <td className="num" data-value={retention ?? ''}>
        {retention === null ? '–' : `${(100 * retention).toFixed(retention < 0.1 ? 1 : 0)}%`}
      </td>
    </>
  )
}

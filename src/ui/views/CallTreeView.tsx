import {useMemo, useRef, useState} from 'react'
import {formatPercent, formatValueAuto} from '../../analysis/format'
import {formatTreeText} from '../../analysis/tree-report'
import {funcName} from '../../model/profile'
import {getCallNodeTable, getTimings} from '../../store/derived'
import {selectFunction} from '../../store/refine'
import {functionNameAt} from '../../store/report'
import {useShown} from '../../store/shown'
import {useViewer} from '../../store/store'
import {onFunctionContextMenu} from './FunctionMenu'
import {hasChildren, heaviestPath, visibleRows} from './call-tree-rows'
import {CopyText} from './target'
import './views.css'

const ROW_HEIGHT = 22
/** Trees up to this many visible rows render whole; bigger ones render the rows in view. */
const FULL_RENDER_ROWS = 1500

/**
 * The call tree as an expandable table, like the Firefox Profiler's or Grafana's: one row per
 * call path with its total and self (and their share of the whole profile), children by total.
 * Arrow keys move and expand, Enter selects; "Copy as text" gives `go tool pprof -tree`.
 */
export function CallTreeView() {
  const shown = useShown()!
  const {profile, sampleType} = shown
  const timings = getTimings(profile, sampleType)
  // Signed sums in a comparison; widths and order by magnitude.
  const total = timings.net?.total ?? timings.total
  const self = timings.net?.self ?? timings.self
  return (
    <section className="report-view tree-view" aria-label="Call tree">
      <header className="report-head">
        <h2>Call tree</h2>
        <span className="muted">
          Total and self per call path, children by total. ← → collapse and expand, Enter
          selects.
        </span>
        <CopyText
          testId="tree-text"
          text={() =>
            formatTreeText(profile, sampleType, {total: shown.total, filters: shown.filters})
          }
        />
      </header>
      {timings.rootTotal === 0 ? (
        <p className="empty">This profile has no samples for this sample type.</p>
      ) : (
        <TreeTable key={profile.id} total={total} self={self} whole={shown.total} />
      )}
    </section>
  )
}

function TreeTable({total, self, whole}: {total: Float64Array; self: Float64Array; whole: number}) {
  const shown = useShown()!
  const {profile, sampleType} = shown
  const table = getCallNodeTable(profile)
  const unit = profile.sampleTypes[sampleType].unit
  const selected = useViewer((s) => s.selectedFunction)
  const [expanded, setExpanded] = useState(() => new Set(heaviestPath(table, total)))
  const [cursor, setCursor] = useState(-1)
  const rows = useMemo(() => visibleRows(table, total, expanded), [table, total, expanded])
  const scroller = useRef<HTMLDivElement>(null)
  const [scrollTop, setScrollTop] = useState(0)
  const virtual = rows.length > FULL_RENDER_ROWS
  const first = virtual ? Math.max(0, Math.floor(scrollTop / ROW_HEIGHT) - 10) : 0
  const last = virtual ? Math.min(rows.length, first + 80) : rows.length

  const toggle = (node: number, open?: boolean) => {
    const next = new Set(expanded)
    if (open ?? !next.has(node)) next.add(node)
    else next.delete(node)
    setExpanded(next)
  }
  const nameOf = (node: number) => functionNameAt(profile, table.func[node])
  const choose = (node: number) => {
    setCursor(node)
    selectFunction(nameOf(node))
  }
  const onKey = (e: React.KeyboardEvent) => {
    const at = rows.indexOf(cursor)
    const move = (i: number) => {
      const node = rows[Math.max(0, Math.min(rows.length - 1, i))]
      setCursor(node)
      scroller.current?.querySelector<HTMLElement>(`tr[data-node="${node}"]`)?.focus()
    }
    if (e.key === 'ArrowDown') move(at + 1)
    else if (e.key === 'ArrowUp') move(at - 1)
    else if (e.key === 'ArrowRight' && cursor >= 0) {
      if (!expanded.has(cursor)) toggle(cursor, true)
      else move(at + 1)
    } else if (e.key === 'ArrowLeft' && cursor >= 0) {
      if (expanded.has(cursor)) toggle(cursor, false)
      else if (table.parent[cursor] >= 0) move(rows.indexOf(table.parent[cursor]))
    } else if (e.key === 'Enter' && cursor >= 0) choose(cursor)
    else if (e.key === '*' && cursor >= 0) {
      // Expands the whole subtree, as in the Firefox Profiler.
      const next = new Set(expanded)
      for (let i = cursor; i < table.subtreeEnd[cursor]; i++) next.add(i)
      setExpanded(next)
    } else return
    e.preventDefault()
  }

  return (
    <div
      className="table-scroll"
      ref={scroller}
      onScroll={virtual ? (e) => setScrollTop(e.currentTarget.scrollTop) : undefined}
    >
      <table className="top-table tree-table" role="treegrid" aria-label="Call tree">
        <thead>
          <tr>
            <th className="num">total</th>
            <th className="num">total%</th>
            <th className="num">self</th>
            <th className="num">self%</th>
            <th className="name">function</th>
          </tr>
        </thead>
        <tbody onKeyDown={onKey}>
          {first > 0 && <tr style={{height: first * ROW_HEIGHT}} aria-hidden="true" />}
          {rows.slice(first, last).map((node) => {
            const open = expanded.has(node)
            const leaf = !hasChildren(table, total, node)
            const name = funcName(profile, table.func[node])
            const isSelected = selected !== null && nameOf(node) === selected
            return (
              <tr
                key={node}
                data-node={node}
                data-name={name}
                aria-level={table.depth[node] + 1}
                aria-expanded={leaf ? undefined : open}
                aria-selected={cursor === node}
                className={isSelected ? 'selected' : undefined}
                tabIndex={cursor === node || (cursor < 0 && node === rows[0]) ? 0 : -1}
                onClick={() => choose(node)}
                onFocus={() => setCursor(node)}
                onContextMenu={(e) => onFunctionContextMenu(e, nameOf(node))}
              >
                <td className="num" data-value={total[node]}>
                  {formatValueAuto(total[node], unit)}
                </td>
                <td className="num">{formatPercent(total[node], whole).trim()}</td>
                <td className="num" data-value={self[node]}>
                  {formatValueAuto(self[node], unit)}
                </td>
                <td className="num">{formatPercent(self[node], whole).trim()}</td>
                <td className="name" style={{paddingLeft: 8 + 14 * table.depth[node]}}>
                  <button
                    type="button"
                    className="twisty"
                    tabIndex={-1}
                    aria-label={open ? 'Collapse' : 'Expand'}
                    disabled={leaf}
                    onClick={(e) => {
                      e.stopPropagation()
                      toggle(node)
                    }}
                  >
                    {leaf ? '' : open ? '▾' : '▸'}
                  </button>
                  {name}
                  {table.inlined[node] === 1 && <span className="muted"> (inline)</span>}
                </td>
              </tr>
            )
          })}
          {last < rows.length && (
            <tr style={{height: (rows.length - last) * ROW_HEIGHT}} aria-hidden="true" />
          )}
        </tbody>
      </table>
    </div>
  )
}

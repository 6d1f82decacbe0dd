import {useLayoutEffect, useRef, useState} from 'react'
import {selfOfCallNode} from '../../analysis/call-tree'
import {formatPercent, formatValueAuto} from '../../analysis/format'
import {funcFile, funcName, isHeapProfile, type Profile} from '../../model/profile'
import {
  getCallNodeDiff,
  getCallNodeTable,
  getFrameHints,
  getTimings,
  getTotal,
  hintSampleType,
} from '../../store/derived'
import {useViewer} from '../../store/store'

const HEAP_TYPES = ['inuse_space', 'inuse_objects', 'alloc_space', 'alloc_objects'] as const

function pct(v: number, total: number): string {
  return formatPercent(v, total).trim()
}

/**
 * Details of the hovered frame, shown at once beside the pointer (never under it): the full
 * name, the file, flat and cum with % of total, and for heap profiles all four values plus
 * bytes per object. Every string from the profile is rendered as text. It only looks values
 * up: what it reads is computed when the page is idle after a load (derived.prefetchForHover).
 */
export function FlameTooltip({
  profile,
  sampleType,
  node,
  x,
  y,
  diff,
}: {
  profile: Profile
  sampleType: number
  node: number
  x: number
  y: number
  /** In a comparison: base and current per call node for the selected sample type. */
  diff: {base: Float64Array; current: Float64Array} | null
}) {
  const box = useRef<HTMLDivElement>(null)
  const opened = useViewer((s) => s.profile)
  const openedType = useViewer((s) => s.sampleType)
  const [pos, setPos] = useState({left: x + 14, top: y + 14})

  useLayoutEffect(() => {
    const el = box.current
    if (!el) return
    const {width, height} = el.getBoundingClientRect()
    const left = x + 14 + width > window.innerWidth ? Math.max(4, x - 14 - width) : x + 14
    const top = y + 14 + height > window.innerHeight ? Math.max(4, y - 14 - height) : y + 14
    setPos({left, top})
  }, [x, y, node])

  const table = getCallNodeTable(profile)
  if (node < 0) {
    const t = getTimings(profile, sampleType)
    const unit = profile.sampleTypes[sampleType].unit
    return (
      <div ref={box} className="tooltip" role="tooltip" style={pos}>
        <div className="tooltip-name">root</div>
        <div>total {formatValueAuto(t.rootTotal, unit)}</div>
      </div>
    )
  }
  const func = table.func[node]
  const name = funcName(profile, func)
  const file = funcFile(profile, func)
  const t = getTimings(profile, sampleType)
  const total = getTotal(profile, sampleType)
  const unit = profile.sampleTypes[sampleType].unit
  const heap = isHeapProfile(profile)
  const valueOf = (type: string, column: 'self' | 'total'): number => {
    const i = profile.sampleTypes.findIndex((s) => s.type === type)
    if (i < 0) return 0
    // In a comparison the current snapshot's values, not base + current.
    if (diff) {
      const d = getCallNodeDiff(profile, i)
      return column === 'self' ? d.currentSelf[node] : d.currentTotal[node]
    }
    const timings = getTimings(profile, i)
    return column === 'self' ? selfOfCallNode(table, timings, node) : timings.total[node]
  }
  const flat = selfOfCallNode(table, t, node)
  const perObject = (space: string, objects: string): string => {
    const o = valueOf(objects, 'total')
    return o > 0 ? formatValueAuto(Math.round(valueOf(space, 'total') / o), 'bytes') : '–'
  }
  return (
    <div ref={box} className="tooltip" role="tooltip" data-testid="tooltip" style={pos}>
      <div className="tooltip-name">
        {name}
        {table.inlined[node] === 1 ? ' (inlined)' : ''}
      </div>
      {file && <div className="tooltip-file">{file}</div>}
      {diff ? (
        <DiffValues base={diff.base[node]} current={diff.current[node]} unit={unit} />
      ) : (
        <div className="tooltip-values">
          flat {formatValueAuto(flat, unit)} ({pct(flat, total)}) · cum{' '}
          {formatValueAuto(t.total[node], unit)} ({pct(t.total[node], total)})
        </div>
      )}
      {heap && opened && <FrameHints name={name} profile={opened} sampleType={openedType} />}
      {heap && (
        <table className="tooltip-heap">
          <thead>
            <tr>
              <th />
              <th>{diff ? 'current flat' : 'flat'}</th>
              <th>{diff ? 'current cum' : 'cum'}</th>
            </tr>
          </thead>
          <tbody>
            {HEAP_TYPES.map((type) => {
              const u = type.endsWith('space') ? 'bytes' : 'count'
              return (
                <tr key={type}>
                  <th>{type}</th>
                  <td>{formatValueAuto(valueOf(type, 'self'), u)}</td>
                  <td>{formatValueAuto(valueOf(type, 'total'), u)}</td>
                </tr>
              )
            })}
            <tr>
              <th>bytes/object</th>
              <td colSpan={2}>
                in use {perObject('inuse_space', 'inuse_objects')} · allocated{' '}
                {perObject('alloc_space', 'alloc_objects')}
              </td>
            </tr>
          </tbody>
        </table>
      )}
    </div>
  )
}

/** base → current of a frame (cum), the delta and its percentage of the base. */
function DiffValues({base, current, unit}: {base: number; current: number; unit: string}) {
  const delta = current - base
  const sign = delta > 0 ? '+' : ''
  const rel =
    base !== 0 ? ` (${sign}${((100 * delta) / Math.abs(base)).toFixed(1)}%)` : delta !== 0 ? ' (new)' : ''
  return (
    <div className="tooltip-diff" data-testid="tooltip-diff">
      base {formatValueAuto(base, unit)} → current {formatValueAuto(current, unit)}, delta{' '}
      {sign}
      {formatValueAuto(delta, unit)}
      {current === 0 && base !== 0 ? ' (removed)' : rel}
    </div>
  )
}

/**
 * The allocation hints whose user function is this frame's function (computed ahead when idle:
 * FlameGraphView's prefetchForHover).
 */
function FrameHints({name, profile, sampleType}: {name: string; profile: Profile; sampleType: number}) {
  if (!isHeapProfile(profile)) return null
  const hints = getFrameHints(profile, hintSampleType(profile, sampleType), name)
  if (hints.length === 0) return null
  return (
    <div className="tooltip-hints" data-testid="tooltip-hint">
      {hints.slice(0, 3).map((h, i) => (
        <div key={i}>
          💡 <strong>{h.title}</strong>: {h.fix}
        </div>
      ))}
    </div>
  )
}

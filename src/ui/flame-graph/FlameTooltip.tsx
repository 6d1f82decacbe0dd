import {useLayoutEffect, useRef, useState} from 'react'
import {formatPercent, formatValueAuto} from '../../analysis/format'
import {funcFile, funcName, isHeapProfile} from '../../model/profile'
import {getCallNodeTable, getTimings, getTotal} from '../../store/derived'
import {useViewer} from '../../store/store'

const HEAP_TYPES = ['inuse_space', 'inuse_objects', 'alloc_space', 'alloc_objects'] as const

function pct(v: number, total: number): string {
  return formatPercent(v, total).trim()
}

/**
 * Details of the hovered frame, shown at once beside the pointer (never under it): the full
 * name, the file, flat and cum with % of total, and for heap profiles all four values plus
 * bytes per object. Every string from the profile is rendered as text.
 */
export function FlameTooltip({node, x, y}: {node: number; x: number; y: number}) {
  const profile = useViewer((s) => s.profile)!
  const sampleType = useViewer((s) => s.sampleType)
  const box = useRef<HTMLDivElement>(null)
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
    return i < 0 ? 0 : getTimings(profile, i)[column][node]
  }
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
      <div className="tooltip-values">
        flat {formatValueAuto(t.self[node], unit)} ({pct(t.self[node], total)}) · cum{' '}
        {formatValueAuto(t.total[node], unit)} ({pct(t.total[node], total)})
      </div>
      {heap && (
        <table className="tooltip-heap">
          <thead>
            <tr>
              <th />
              <th>flat</th>
              <th>cum</th>
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

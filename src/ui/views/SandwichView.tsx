import {useCallback, useEffect, useMemo, useRef, useState} from 'react'
import {formatPercent, formatValueAuto} from '../../analysis/format'
import {compileGoRegexp} from '../../analysis/go-regexp'
import {funcName} from '../../model/profile'
import {getCallNodeTable, getTimings} from '../../store/derived'
import {functionNameAt} from '../../store/report'
import {type Shown, useShown} from '../../store/shown'
import {FlameChart} from '../flame-graph/FlameChart'
import type {FlameDatum} from '../flame-graph/flame-hierarchy'
import {packageColor, shortName} from '../flame-graph/frame-style'
import {onFunctionContextMenu} from './FunctionMenu'
import {buildSandwich, type Sandwich} from './sandwich'
import {NoTarget, TargetTitle, useTarget} from './target'
import './views.css'

/** The sandwiched function's own box. */
const ROOT_COLOR = '#f2c94c'

/**
 * A function's sandwich: above it every caller path merged (read upwards, a flame graph with
 * the function at its base), below it everything it calls, merged over all the places it is
 * called from (an icicle). Widths are shares of the function's cum. Click a frame to zoom.
 */
export function SandwichView() {
  const shown = useShown()!
  const target = useTarget('node')
  const host = useRef<HTMLDivElement>(null)
  const width = useWidth(host)
  const data = useSandwich(shown, target?.pattern ?? null, target?.selected ?? null, width)
  return (
    <section className="report-view sandwich-view" aria-label="Sandwich" ref={host}>
      {!target ? (
        <NoTarget what="all its callers and callees at once" />
      ) : 'error' in data ? (
        <p className="empty refine-error">{data.error}</p>
      ) : data.sandwich.occurrences === 0 ? (
        <p className="empty">No function matches {target.pattern} in this profile.</p>
      ) : (
        <>
          <header className="report-head">
            <h2>
              Sandwich: <TargetTitle target={target} />
            </h2>
            <span className="muted" data-testid="sandwich-summary">
              cum {formatValueAuto(data.sandwich.callers.value, data.unit)} (
              {formatPercent(data.sandwich.callers.value, shown.total).trim()}), merged from{' '}
              {data.sandwich.occurrences} outermost call
              {data.sandwich.occurrences === 1 ? '' : 's'}
            </span>
          </header>
          <SandwichCharts
            shown={shown}
            sandwich={data.sandwich}
            matched={data.matched}
            unit={data.unit}
            width={width}
          />
        </>
      )}
    </section>
  )
}

function useSandwich(
  shown: Shown,
  pattern: string | null,
  selected: string | null,
  width: number,
): {sandwich: Sandwich; unit: string; matched: Uint8Array} | {error: string} {
  const {profile, sampleType} = shown
  return useMemo(() => {
    if (pattern === null) return {error: ''}
    let re: RegExp
    try {
      re = compileGoRegexp(pattern, 'argument')
    } catch (e) {
      return {error: e instanceof Error ? e.message : String(e)}
    }
    const table = getCallNodeTable(profile)
    const {total} = getTimings(profile, sampleType)
    const matched = new Uint8Array(profile.funcs.length)
    for (let f = 0; f < matched.length; f++) matched[f] = re.test(funcName(profile, f)) ? 1 : 0
    const label = (f: number) => shortName(funcName(profile, f))
    const rootName = shortName(selected ?? pattern)
    // Frames under a pixel wide are not drawn.
    const minFraction = 1 / Math.max(200, width)
    const sandwich = buildSandwich(table, total, (f) => matched[f] === 1, rootName, label, minFraction)
    return {sandwich, unit: profile.sampleTypes[sampleType].unit, matched}
  }, [profile, sampleType, pattern, selected, width])
}

function SandwichCharts(props: {
  shown: Shown
  sandwich: Sandwich
  matched: Uint8Array
  unit: string
  width: number
}) {
  const {shown, sandwich, matched, unit, width} = props
  const [hover, setHover] = useState<{id: number; x: number; y: number; which: FlameDatum} | null>(null)
  const callersBox = useRef<HTMLDivElement>(null)
  // The callers' flame grows upwards: show its base, next to the function, first.
  useEffect(() => {
    const el = callersBox.current
    if (el) el.scrollTop = el.scrollHeight
  }, [sandwich])
  // The function's own frames (its recursive calls too) in one colour, the rest by package.
  const colorOf = useCallback(
    (id: number) => {
      const f = sandwich.funcOf[id]
      return f < 0 || matched[f] === 1 ? ROOT_COLOR : packageColor(funcName(shown.profile, f))
    },
    [shown.profile, sandwich, matched],
  )
  const menu = (e: React.MouseEvent) => {
    const frame = (e.target as Element).closest?.('g.frame') as
      | (Element & {__data__?: {data?: FlameDatum}})
      | null
    const id = frame?.__data__?.data?.node
    const func = id === undefined || id < 2 ? -1 : sandwich.funcOf[id]
    onFunctionContextMenu(e, func < 0 ? null : functionNameAt(shown.profile, func))
  }
  const valueOf = (id: number, root: FlameDatum): number => findValue(root, id)
  return (
    <div className="sandwich" onMouseLeave={() => setHover(null)} onContextMenu={menu}>
      <div className="sandwich-half callers" ref={callersBox} data-testid="sandwich-callers">
        <ZoomableChart root={sandwich.callers} width={width} inverted={false} colorOf={colorOf}
          onHover={(h) => setHover(h && {...h, id: h.node, which: sandwich.callers})} />
      </div>
      <div className="sandwich-divider muted">▲ callers · callees ▼</div>
      <div className="sandwich-half callees" data-testid="sandwich-callees">
        <ZoomableChart root={sandwich.callees} width={width} inverted colorOf={colorOf}
          onHover={(h) => setHover(h && {...h, id: h.node, which: sandwich.callees})} />
      </div>
      {hover && (
        <div className="tooltip" role="tooltip" style={{left: hover.x + 14, top: hover.y + 14}}>
          <div className="tooltip-name">
            {hover.id < 2 ? hover.which.name : funcName(shown.profile, sandwich.funcOf[hover.id])}
          </div>
          <div className="tooltip-values">
            {formatValueAuto(valueOf(hover.id, hover.which), unit)} ·{' '}
            {formatPercent(valueOf(hover.id, hover.which), sandwich.callers.value).trim()} of the
            function · {formatPercent(valueOf(hover.id, hover.which), shown.total).trim()} of total
          </div>
        </div>
      )}
    </div>
  )
}

function findValue(root: FlameDatum, id: number): number {
  const stack = [root]
  while (stack.length > 0) {
    const d = stack.pop()!
    if (d.node === id) return d.value
    if (d.children) for (const c of d.children) stack.push(c)
  }
  return 0
}

/** A FlameChart that zooms to a clicked frame (the root zooms out). */
function ZoomableChart(props: {
  root: FlameDatum
  width: number
  inverted: boolean
  colorOf: (id: number) => string
  onHover: (h: {node: number; x: number; y: number} | null) => void
}) {
  const {root} = props
  const [focusId, setFocusId] = useState(-1)
  const focus = useMemo(() => {
    if (focusId < 0) return root
    const stack = [root]
    while (stack.length > 0) {
      const d = stack.pop()!
      if (d.node === focusId) return d
      if (d.children) for (const c of d.children) stack.push(c)
    }
    return root
  }, [root, focusId])
  return (
    <FlameChart
      root={root}
      focus={focus}
      width={props.width}
      inverted={props.inverted}
      matches={null}
      colorOf={props.colorOf}
      onZoom={(id) => setFocusId(id === root.node ? -1 : id)}
      onHover={props.onHover}
      onDrawn={() => {}}
    />
  )
}

/** The content width of an element, following resizes. */
function useWidth(ref: React.RefObject<HTMLElement | null>): number {
  const [width, setWidth] = useState(0)
  useEffect(() => {
    const el = ref.current
    if (!el) return
    const measure = () => setWidth(Math.max(200, Math.floor(el.clientWidth) - 24))
    measure()
    const observer = new ResizeObserver(measure)
    observer.observe(el)
    return () => observer.disconnect()
  }, [ref])
  return width
}

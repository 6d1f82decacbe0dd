import {useCallback, useDeferredValue, useEffect, useMemo, useRef, useState} from 'react'
import {funcName} from '../../model/profile'
import {resetZoom, setZoomPath} from '../../store/actions'
import {getCallNodeTable, getSearch, getTimings} from '../../store/derived'
import {useViewer} from '../../store/store'
import {FlameChart} from './FlameChart'
import {buildFlameHierarchy, callPathOf} from './flame-hierarchy'
import {FlameTooltip} from './FlameTooltip'
import {packageColor, shortName} from './frame-style'

/** Frames narrower than this many pixels at the current zoom are not drawn. */
const MIN_FRAME_PX = 1

/** The flame graph of the current profile and sample type, with zoom, search and tooltip. */
export function FlameGraphView() {
  const profile = useViewer((s) => s.profile)!
  const sampleType = useViewer((s) => s.sampleType)
  const zoomPath = useViewer((s) => s.zoomPath)
  const inverted = useViewer((s) => s.orientation === 'icicle')
  const search = useDeferredValue(useViewer((s) => s.search))
  const [hover, setHover] = useState<{node: number; x: number; y: number} | null>(null)
  const container = useRef<HTMLDivElement>(null)
  const width = useWidth(container)

  const table = getCallNodeTable(profile)
  const timings = getTimings(profile, sampleType)
  const labels = useMemo(() => {
    const names: string[] = new Array(profile.funcs.length)
    for (let f = 0; f < profile.funcs.length; f++) names[f] = shortName(funcName(profile, f))
    return names
  }, [profile])
  const colors = useMemo(() => {
    const byFunc: string[] = new Array(profile.funcs.length)
    for (let f = 0; f < profile.funcs.length; f++) byFunc[f] = packageColor(funcName(profile, f))
    return byFunc
  }, [profile])

  const hierarchy = useMemo(
    () =>
      buildFlameHierarchy(
        table,
        timings.total,
        timings.rootTotal,
        zoomPath,
        width,
        MIN_FRAME_PX,
        (f) => labels[f],
      ),
    [table, timings, zoomPath, width, labels],
  )
  const searchState = getSearch(profile, sampleType, search)
  const matches = searchState.matches?.nodeMatches ?? null

  // Esc zooms out (the search box handles its own Esc first).
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return
      const target = e.target as HTMLElement | null
      if (target && (target.tagName === 'INPUT' || target.tagName === 'SELECT')) return
      resetZoom()
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [])

  const onZoom = useCallback(
    (node: number) => {
      const path = node < 0 ? [] : callPathOf(table, node)
      const current = useViewer.getState().zoomPath
      if (path.length === current.length && path.every((k, i) => k === current[i])) return
      setZoomPath(path)
    },
    [table],
  )
  const colorOf = useCallback((node: number) => colors[table.func[node]], [colors, table])
  const onDrawn = useCallback(() => {
    if (performance.getEntriesByName('heapscope:rendered').length === 0) {
      requestAnimationFrame(() => performance.mark('heapscope:rendered'))
    }
  }, [])

  const focusName = hierarchy.focus.node >= 0 ? funcName(profile, table.func[hierarchy.focus.node]) : ''
  return (
    <section className="flame-view" aria-label="Flame graph">
      <div className="flame-status">
        {hierarchy.focus.node >= 0 ? (
          <span data-testid="zoom-status">
            Zoomed to <strong>{shortName(focusName)}</strong>, Esc to zoom out
          </span>
        ) : (
          <span>Click a frame to zoom in</span>
        )}
        {hierarchy.pruned > 0 && (
          <span data-testid="pruned-count" className="muted">
            {' · '}
            {hierarchy.pruned.toLocaleString('en-US')} frames narrower than {MIN_FRAME_PX} px not
            drawn
          </span>
        )}
      </div>
      <div ref={container} className="flame-scroll" onMouseLeave={() => setHover(null)}>
        {timings.rootTotal === 0 ? (
          <p className="empty">This profile has no samples for this sample type.</p>
        ) : (
          <FlameChart
            root={hierarchy.root}
            focus={hierarchy.focus}
            width={width}
            inverted={inverted}
            matches={matches}
            colorOf={colorOf}
            onZoom={onZoom}
            onHover={setHover}
            onDrawn={onDrawn}
          />
        )}
      </div>
      {hover && <FlameTooltip node={hover.node} x={hover.x} y={hover.y} />}
    </section>
  )
}

/** The content width of an element, following resizes. */
function useWidth(ref: React.RefObject<HTMLElement | null>): number {
  const [width, setWidth] = useState(0)
  useEffect(() => {
    const el = ref.current
    if (!el) return
    const measure = () => setWidth(Math.max(200, Math.floor(el.clientWidth)))
    measure()
    const observer = new ResizeObserver(() => measure())
    observer.observe(el)
    return () => observer.disconnect()
  }, [ref])
  return width
}

import {useCallback, useDeferredValue, useEffect, useMemo, useRef, useState} from 'react'
import {funcName, type Profile} from '../../model/profile'
import {resetZoom, setDiffWidth, setPalette, setZoomPath} from '../../store/actions'
import {
  getCallNodeDiff,
  getCallNodeTable,
  getSearch,
  getShownProfile,
  getTimings,
  shownSampleType,
} from '../../store/derived'
import {type DiffPalette, type DiffWidth, useViewer} from '../../store/store'
import {FlameChart} from './FlameChart'
import {buildFlameHierarchy, callPathOf} from './flame-hierarchy'
import {FlameTooltip} from './FlameTooltip'
import {diffColor, diffLegend, packageColor, shortName} from './frame-style'

/** Frames narrower than this many pixels at the current zoom are not drawn. */
const MIN_FRAME_PX = 1

/** What the flame graph draws: the profile, or a -diff_base comparison split per frame. */
interface FlameData {
  profile: Profile
  sampleType: number
  total: Float64Array
  rootTotal: number
  /** Per call node base and current values, in a comparison. */
  diff: {base: Float64Array; current: Float64Array} | null
}

function useFlameData(): FlameData {
  const current = useViewer((s) => s.profile)!
  const base = useViewer((s) => s.base)
  const sampleType = useViewer((s) => s.sampleType)
  const normalize = useViewer((s) => s.normalize)
  const width = useViewer((s) => s.diffWidth)
  return useMemo(() => {
    if (!base) {
      const t = getTimings(current, sampleType)
      return {profile: current, sampleType, total: t.total, rootTotal: t.rootTotal, diff: null}
    }
    // -diff_base keeps base samples apart, so every frame knows its base and current values.
    const merged = getShownProfile(current, base, 'diff_base', normalize)
    const t = shownSampleType(current, merged, sampleType)
    const d = getCallNodeDiff(merged, t)
    let total = d.currentTotal
    let rootTotal = d.rootCurrent
    if (width === 'union') {
      total = new Float64Array(d.baseTotal.length)
      for (let i = 0; i < total.length; i++) total[i] = Math.abs(d.baseTotal[i]) + Math.abs(d.currentTotal[i])
      rootTotal = Math.abs(d.rootBase) + Math.abs(d.rootCurrent)
    }
    return {profile: merged, sampleType: t, total, rootTotal, diff: {base: d.baseTotal, current: d.currentTotal}}
  }, [current, base, sampleType, normalize, width])
}

/** The flame graph of the current profile and sample type, with zoom, search and tooltip. */
export function FlameGraphView() {
  const zoomPath = useViewer((s) => s.zoomPath)
  const inverted = useViewer((s) => s.orientation === 'icicle')
  const palette = useViewer((s) => s.palette)
  const search = useDeferredValue(useViewer((s) => s.search))
  const [hover, setHover] = useState<{node: number; x: number; y: number} | null>(null)
  const container = useRef<HTMLDivElement>(null)
  const width = useWidth(container)
  const data = useFlameData()
  const {profile, sampleType, diff} = data

  const table = getCallNodeTable(profile)
  const shortNames = useMemo(() => {
    const names: string[] = new Array(profile.funcs.length)
    for (let f = 0; f < profile.funcs.length; f++) names[f] = shortName(funcName(profile, f))
    return names
  }, [profile])
  const packageColors = useMemo(() => {
    const byFunc: string[] = new Array(profile.funcs.length)
    for (let f = 0; f < profile.funcs.length; f++) byFunc[f] = packageColor(funcName(profile, f))
    return byFunc
  }, [profile])
  const label = useCallback(
    (node: number) => {
      const name = shortNames[table.func[node]]
      if (!diff) return name
      if (diff.base[node] === 0 && diff.current[node] !== 0) return `+ ${name}`
      if (diff.current[node] === 0 && diff.base[node] !== 0) return `− ${name}`
      return name
    },
    [shortNames, table, diff],
  )

  const hierarchy = useMemo(
    () =>
      buildFlameHierarchy(
        table,
        data.total,
        data.rootTotal,
        zoomPath,
        width,
        MIN_FRAME_PX,
        label,
      ),
    [table, data, zoomPath, width, label],
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
  const colorOf = useCallback(
    (node: number) =>
      diff ? diffColor(diff.base[node], diff.current[node], palette) : packageColors[table.func[node]],
    [packageColors, table, diff, palette],
  )
  const onDrawn = useCallback(() => {
    if (performance.getEntriesByName('heapscope:rendered').length === 0) {
      requestAnimationFrame(() => performance.mark('heapscope:rendered'))
    }
  }, [])

  const focusName = hierarchy.focus.node >= 0 ? funcName(profile, table.func[hierarchy.focus.node]) : ''
  return (
    <section className="flame-view" aria-label="Flame graph">
      {diff && <DiffLegend palette={palette} />}
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
        {data.rootTotal === 0 ? (
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
      {hover && (
        <FlameTooltip
          profile={profile}
          sampleType={sampleType}
          node={hover.node}
          x={hover.x}
          y={hover.y}
          diff={diff}
        />
      )}
    </section>
  )
}

/** Always on screen in a comparison: what the colours mean, the palette and width choices. */
function DiffLegend({palette}: {palette: DiffPalette}) {
  const width = useViewer((s) => s.diffWidth)
  return (
    <div className="diff-legend" data-testid="diff-legend">
      {diffLegend(palette).map(([name, color]) => (
        <span key={name}>
          <span className="swatch" style={{background: color}} />
          {name}
        </span>
      ))}
      <label className="field">
        <select
          aria-label="Diff palette"
          value={palette}
          onChange={(e) => setPalette(e.target.value as DiffPalette)}
        >
          <option value="red-green">red / green</option>
          <option value="colorblind">colour-blind safe (orange / blue)</option>
        </select>
      </label>
      <label className="field">
        <select
          aria-label="Frame width"
          value={width}
          onChange={(e) => setDiffWidth(e.target.value as DiffWidth)}
        >
          <option value="union">width: base + current</option>
          <option value="current">width: current only</option>
        </select>
      </label>
    </div>
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

import {useCallback, useDeferredValue, useEffect, useMemo, useRef, useState} from 'react'
import {funcName, type Profile} from '../../model/profile'
import {resetZoom, setDiffWidth, setOrientation, setPalette, setZoomPath} from '../../store/actions'
import {
  getCallNodeDiff,
  getCallNodeTable,
  getSearch,
  getShownProfile,
  getTimings,
  hintSampleType,
  prefetchForHover,
  shownSampleType,
} from '../../store/derived'
import {getReport} from '../../store/report'
import {type DiffPalette, type DiffWidth, useViewer} from '../../store/store'
import {frameFunctionAt, onFunctionContextMenu} from '../views/FunctionMenu'
import {FlameChart} from './FlameChart'
import {buildFlameHierarchy, callPathOf} from './flame-hierarchy'
import {FlameTooltip} from './FlameTooltip'
import {diffColor, diffLegend, packageColor, shortName} from './frame-style'

/** Frames narrower than this many pixels at the current zoom are not drawn. */
const MIN_FRAME_PX = 1
/**
 * At most about this many frames are drawn: each is SVG and HTML for the browser to lay out,
 * so a big tree is drawn with a wider minimum frame instead (flame-hierarchy's maxFrames).
 */
const MAX_FRAMES = 1000

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
  const refine = useViewer((s) => s.refine)
  const granularity = useViewer((s) => s.granularity)
  return useMemo(() => {
    // Refined and aggregated like every view (store/report); zoom keys index this profile.
    if (!base) {
      const p = getReport(current, refine, granularity).profile
      const t = getTimings(p, sampleType)
      return {profile: p, sampleType, total: t.total, rootTotal: t.rootTotal, diff: null}
    }
    // -diff_base keeps base samples apart, so every frame knows its base and current values.
    const whole = getShownProfile(current, base, 'diff_base', normalize)
    const merged = getReport(whole, refine, granularity).profile
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
  }, [current, base, sampleType, normalize, width, refine, granularity])
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
        MAX_FRAMES,
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
  // When idle: the other sample types' timings, so that a switch only redraws, and all that the
  // tooltip reads (totals, hints, a comparison's values), so that a hover only looks them up.
  const opened = useViewer((s) => s.profile)
  const openedType = useViewer((s) => s.sampleType)
  const hintType = opened ? hintSampleType(opened, openedType) : 0
  const comparing = diff !== null
  useEffect(
    () => prefetchForHover(profile, {opened, hintType, comparing}),
    [profile, opened, hintType, comparing],
  )
  const onDrawn = useCallback((startedAt: number) => {
    if (performance.getEntriesByName('heapscope:rendered').length > 0) return
    requestAnimationFrame(() => {
      if (performance.getEntriesByName('heapscope:rendered').length > 0) return
      const rendered = performance.mark('heapscope:rendered').startTime
      // For `npm run bench`: decoded → drawing (the views' analysis), drawing → frame shown.
      const decoded = performance.getEntriesByName('heapscope:decoded').at(-1)?.startTime
      const lastLoad = window.__heapscope?.lastLoad
      if (lastLoad && decoded !== undefined && decoded <= startedAt) {
        lastLoad.analysisMs = startedAt - decoded
        lastLoad.renderMs = rendered - startedAt
      }
    })
  }, [])

  const focusName = hierarchy.focus.node >= 0 ? funcName(profile, table.func[hierarchy.focus.node]) : ''
  return (
    <section className="flame-view" aria-label="Flame graph">
      {diff && <DiffLegend palette={palette} />}
      <div className="flame-status">
        <span>
          {hierarchy.focus.node >= 0 ? (
            <span data-testid="zoom-status">
              Zoomed to <strong>{shortName(focusName)}</strong>, Esc to zoom out
            </span>
          ) : (
            <span>Click a frame to zoom in, right-click it for focus, peek, source…</span>
          )}
          {hierarchy.pruned > 0 && (
            <span data-testid="pruned-count" className="muted">
              {' · '}
              {hierarchy.pruned.toLocaleString('en-US')} frames narrower than {hierarchy.minPx} px
              {hierarchy.depthCut ? ' or too deep (zoom in to see them)' : ''} not drawn
            </span>
          )}
        </span>
        <FlameControls zoomed={zoomPath.length > 0} />
      </div>
      <div
        ref={container}
        className="flame-scroll"
        onMouseLeave={() => setHover(null)}
        onContextMenu={(e) => onFunctionContextMenu(e, frameFunctionAt(e.target, profile, table.func))}
      >
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

/**
 * The flame graph's own controls, beside its status line rather than in the toolbar (they only
 * apply to this view): reset the zoom, flip between icicle and flame.
 */
function FlameControls({zoomed}: {zoomed: boolean}) {
  const orientation = useViewer((s) => s.orientation)
  return (
    <span className="flame-controls">
      <button type="button" className="quiet small" onClick={resetZoom} disabled={!zoomed}>
        Reset zoom
      </button>
      <button
        type="button"
        className="quiet small"
        aria-pressed={orientation === 'flame'}
        title="Flame: root at the bottom. Icicle: root at the top."
        onClick={() => setOrientation(orientation === 'icicle' ? 'flame' : 'icicle')}
      >
        {orientation === 'icicle' ? 'Icicle ↓' : 'Flame ↑'}
      </button>
    </span>
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

import {select} from 'd3'
import flamegraph, {type FlameGraph, type FlameNode, type FlameTooltip} from 'd3-flame-graph'
import {useEffect, useRef} from 'react'
import type {FlameDatum} from './flame-hierarchy'
import {DIMMED_COLOR, MATCH_COLOR} from './frame-style'

export interface FlameChartProps {
  root: FlameDatum
  /** The datum to zoom to after drawing (root when not zoomed). */
  focus: FlameDatum
  width: number
  inverted: boolean
  /** Per call node: 1 when it matches the search; null when there is no search. */
  matches: Uint8Array | null
  colorOf: (node: number) => string
  onZoom: (node: number) => void
  onHover: (hover: {node: number; x: number; y: number} | null) => void
  /** After each draw; `startedAt` is when the draw began (performance.now()). */
  onDrawn: (startedAt: number) => void
}

const CELL_HEIGHT = 18

/**
 * The only component that knows d3-flame-graph. The chart owns the DOM inside `host`; React
 * never renders into it. It is created once (a second `chart(selection)` breaks its labels in a
 * minified build) and then fed with `update(root)`.
 */
export function FlameChart(props: FlameChartProps) {
  const host = useRef<HTMLDivElement>(null)
  const chart = useRef<FlameGraph<FlameDatum> | null>(null)
  // Callbacks read the latest props through a ref: the chart keeps the functions it was given.
  const latest = useRef(props)
  latest.current = props

  useEffect(() => {
    const el = host.current!
    const tip = Object.assign(() => {}, {
      show: (event: MouseEvent, d: FlameNode<FlameDatum>) =>
        latest.current.onHover({node: d.data.node, x: event.clientX, y: event.clientY}),
      hide: () => latest.current.onHover(null),
    }) as FlameTooltip<FlameDatum>
    const c = flamegraph<FlameDatum>()
      .cellHeight(CELL_HEIGHT)
      .minFrameSize(1)
      .sort(true)
      .title('')
      .tooltip(tip)
      .getName((d) => d.data.name)
      .setSearchHandler(() => {})
      .setDetailsHandler(() => {})
      .setSearchMatch((d) => {
        const m = latest.current.matches
        return m !== null && d.data.node >= 0 && m[d.data.node] === 1
      })
      .setColorMapper((d) => {
        const {matches, colorOf} = latest.current
        if (d.data.node < 0) return '#c8c8d0'
        // From the matches themselves, not d3's search flags: one update() draws a new tree
        // with its search colours (chart.search() would be a second full update).
        if (matches) return matches[d.data.node] === 1 ? MATCH_COLOR : DIMMED_COLOR
        return colorOf(d.data.node)
      })
    // A click zooms through the app's state only: d3-flame-graph's own click handler would first
    // zoom and redraw the old tree (a whole update for nothing), so it never sees the click.
    const onClick = (event: MouseEvent) => {
      const frame = (event.target as Element | null)?.closest?.('g.frame')
      if (!frame) return
      event.stopPropagation()
      const d = select(frame).datum() as FlameNode<FlameDatum> | undefined
      if (d) latest.current.onZoom(d.data.node)
    }
    el.addEventListener('click', onClick, true)
    chart.current = c
    return () => {
      el.removeEventListener('click', onClick, true)
      c.destroy()
      chart.current = null
      el.replaceChildren()
    }
  }, [])

  const {root, focus, width, inverted, matches, colorOf} = props
  // The matches and colours of the last update(), set by the effects that update.
  const drawn = useRef<{matches: Uint8Array | null; colorOf: FlameChartProps['colorOf']} | null>(
    null,
  )
  useEffect(() => {
    const c = chart.current
    const el = host.current
    if (!c || !el || width <= 0) return
    const startedAt = performance.now()
    const big = countAtMost(root, 1500) >= 1500
    c.width(width).inverted(inverted).transitionDuration(big ? 0 : 120).height(null)
    const selection = select<HTMLElement, FlameDatum>(el)
    if (!el.querySelector('svg')) {
      selection.datum(root).call(c)
    } else {
      c.update(root)
    }
    // A zoomed tree comes with its ancestors faded (flame-hierarchy): d3-flame-graph lays the
    // focus out full width without a zoomTo(), which would be a second update.
    // This draw used the current matches and colours: their effects below have nothing to do.
    drawn.current = {matches: latest.current.matches, colorOf: latest.current.colorOf}
    latest.current.onDrawn(startedAt)
    markFrame()
  }, [root, focus, width, inverted])

  // New search matches or a new colouring (the diff palette) only need a redraw of the same
  // data, and none when the draw above already had them.
  useEffect(() => {
    const c = chart.current
    const last = drawn.current
    if (!c || !last || !host.current?.querySelector('svg')) return
    if (last.matches === matches && last.colorOf === colorOf) return
    drawn.current = {matches, colorOf}
    c.update()
    markFrame()
  }, [matches, colorOf])

  return <div ref={host} className="flame-chart" data-testid="flame-chart" />
}

/**
 * Marks `heapscope:frame` once the chart's update is on screen (the next animation frame):
 * `npm run bench` times sample-type switches, searches and zooms up to it.
 */
function markFrame(): void {
  requestAnimationFrame(() => performance.mark('heapscope:frame'))
}

/** Counts nodes up to `limit` (an early exit for big trees). */
function countAtMost(root: FlameDatum, limit: number): number {
  let count = 0
  const stack = [root]
  while (stack.length > 0 && count < limit) {
    const d = stack.pop()!
    count++
    if (d.children) stack.push(...d.children)
  }
  return count
}

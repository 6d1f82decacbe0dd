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
  onDrawn: () => void
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
        if (matches) return d.highlight ? MATCH_COLOR : DIMMED_COLOR
        return colorOf(d.data.node)
      })
      .onClick((d) => {
        latest.current.onZoom(d.data.node)
      })
    chart.current = c
    return () => {
      c.destroy()
      chart.current = null
      el.replaceChildren()
    }
  }, [])

  const {root, focus, width, inverted, matches, colorOf} = props
  useEffect(() => {
    const c = chart.current
    const el = host.current
    if (!c || !el || width <= 0) return
    const big = countAtMost(root, 1500) >= 1500
    c.width(width).inverted(inverted).transitionDuration(big ? 0 : 120).height(null)
    const selection = select<HTMLElement, FlameDatum>(el)
    if (!el.querySelector('svg')) {
      selection.datum(root).call(c)
    } else {
      c.update(root)
    }
    if (focus !== root) {
      const hierarchyRoot = selection.datum() as unknown as FlameNode<FlameDatum>
      const target = hierarchyRoot.descendants().find((d) => d.data === focus)
      if (target) c.zoomTo(target as FlameNode<FlameDatum>)
    }
    latest.current.onDrawn()
  }, [root, focus, width, inverted])

  useEffect(() => {
    const c = chart.current
    if (!c || !host.current?.querySelector('svg')) return
    if (matches) c.search('match')
    else c.clear()
  }, [matches, root])

  // A new colouring (the diff palette) only needs a redraw of the same data.
  const drawnColors = useRef(colorOf)
  useEffect(() => {
    const c = chart.current
    if (drawnColors.current === colorOf || !c || !host.current?.querySelector('svg')) return
    drawnColors.current = colorOf
    c.update()
  }, [colorOf])

  return <div ref={host} className="flame-chart" data-testid="flame-chart" />
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

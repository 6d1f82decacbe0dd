import {select} from 'd3'
import type {FlameNode} from 'd3-flame-graph'
import type {FlameDatum} from './flame-hierarchy'

/** One box of the flame graph as drawn: position and size in px, fill, label, call node. */
export interface FlameBox {
  x: number
  y: number
  width: number
  height: number
  fill: string
  label: string
  /** Index into the call-node table of the drawn profile, -1 for the root. */
  node: number
}

/** The drawn flame graph: its size and boxes, for export. */
export interface FlameBoxes {
  width: number
  height: number
  boxes: FlameBox[]
}

// d3-flame-graph hides labels on boxes narrower than this (its update(): `width(d) < 35`).
const LABEL_MIN_PX = 35

/**
 * The boxes the flame chart under `root` shows now (what the user sees: zoom, search colours,
 * orientation), or null when no chart is drawn. Reads the DOM d3-flame-graph made: each frame is
 * a `g.frame` translated to its place, holding a `rect`; its datum carries our call node.
 */
export function readFlameBoxes(root: ParentNode = document): FlameBoxes | null {
  const svg = root.querySelector<SVGSVGElement>('[data-testid="flame-chart"] svg')
  if (!svg) return null
  const boxes: FlameBox[] = []
  for (const g of svg.querySelectorAll<SVGGElement>('g.frame')) {
    const rect = g.querySelector('rect')
    const m = /translate\(\s*([-\d.e]+)[ ,]+([-\d.e]+)\s*\)/.exec(g.getAttribute('transform') ?? '')
    if (!rect || !m) continue
    const width = Number(rect.getAttribute('width'))
    if (!(width > 0)) continue
    const datum = select<SVGGElement, FlameNode<FlameDatum> | undefined>(g).datum()
    boxes.push({
      x: Number(m[1]),
      y: Number(m[2]),
      width,
      height: Number(rect.getAttribute('height')) || 18,
      fill: rect.getAttribute('fill') ?? '',
      label: width >= LABEL_MIN_PX ? (g.getAttribute('name') ?? '') : '',
      node: datum?.data.node ?? -1,
    })
  }
  const width = Number(svg.getAttribute('width')) || svg.clientWidth
  const height = Number(svg.getAttribute('height')) || svg.clientHeight
  return {width, height, boxes}
}

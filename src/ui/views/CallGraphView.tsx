import {select, type ZoomBehavior, zoom, zoomIdentity} from 'd3'
import {useEffect, useMemo, useRef, useState} from 'react'
import {selectFunction} from '../../store/refine'
import {functionNameOf} from '../../store/report'
import {useShown} from '../../store/shown'
import {useViewer} from '../../store/store'
import {onFunctionContextMenu} from './FunctionMenu'
import {GRAPH_DEFAULTS, graphDot} from './graph-dot'
import './views.css'

/** Graphviz (WebAssembly, ~1 MB) is fetched the first time a graph is drawn, never before. */
let vizLoading: Promise<{renderSVGElement(dot: string): SVGSVGElement}> | null = null
function loadViz() {
  vizLoading ??= import('@viz-js/viz').then((m) => m.instance())
  vizLoading.catch(() => (vizLoading = null))
  return vizLoading
}

const NODE_COUNTS = [
  {value: 80, label: '80 (pprof)'},
  {value: 200, label: '200'},
  {value: 500, label: '500'},
  {value: 0, label: 'all'},
]

type Drawn = {svg: SVGSVGElement; names: string[]} | {error: string} | null

/**
 * pprof's call graph (`-web`): nodes sized by flat and coloured by cum, edges by weight, with
 * pprof's trimming (80 nodes, node fraction 0.005, edge fraction 0.001; more on demand), laid
 * out by Graphviz in the page. Drag to pan, wheel to zoom; clicking a node selects it.
 */
export default function CallGraphView() {
  const shown = useShown()!
  const {profile, sampleType, total, filters} = shown
  const [nodeCount, setNodeCount] = useState(GRAPH_DEFAULTS.nodeCount)
  const graph = useMemo(
    () => graphDot(profile, sampleType, {total, filters, nodeCount}),
    [profile, sampleType, total, filters, nodeCount],
  )
  const [drawn, setDrawn] = useState<Drawn>(null)
  useEffect(() => {
    let live = true
    setDrawn(null)
    loadViz()
      .then((viz) => {
        if (!live) return
        const svg = viz.renderSVGElement(graph.dot)
        setDrawn({svg, names: graph.names})
      })
      .catch((e: unknown) => live && setDrawn({error: e instanceof Error ? e.message : String(e)}))
    return () => {
      live = false
    }
  }, [graph])

  return (
    <section className="report-view graph-view" aria-label="Call graph">
      <header className="report-head">
        <h2>Call graph</h2>
        <label className="field">
          Nodes{' '}
          <select
            aria-label="Nodes"
            value={nodeCount}
            onChange={(e) => setNodeCount(Number(e.target.value))}
          >
            {NODE_COUNTS.map((n) => (
              <option key={n.value} value={n.value}>
                {n.label}
              </option>
            ))}
          </select>
        </label>
        <span className="muted">
          {graph.names.length} nodes, {graph.edges} edges · drag to pan, wheel to zoom, click a
          node to select it
        </span>
      </header>
      <details className="graph-legend">
        <summary className="muted">{graph.legend.filter((l) => l.startsWith('Showing')).join(' · ')}</summary>
        <pre className="report-text-inline">{graph.legend.join('\n')}</pre>
      </details>
      {drawn === null ? (
        <p className="empty" data-testid="graph-loading">
          Laying out the graph…
        </p>
      ) : 'error' in drawn ? (
        <p className="empty refine-error">Could not draw the graph: {drawn.error}</p>
      ) : graph.names.length === 0 ? (
        <p className="empty">No node to draw for this sample type.</p>
      ) : (
        <GraphCanvas svg={drawn.svg} names={drawn.names} />
      )}
    </section>
  )
}

/** The rendered SVG with pan and zoom; names go on nodes as text only (title, data-name). */
function GraphCanvas({svg, names}: {svg: SVGSVGElement; names: string[]}) {
  const host = useRef<HTMLDivElement>(null)
  const zoomer = useRef<ZoomBehavior<SVGSVGElement, unknown> | null>(null)
  const shown = useShown()!
  const selected = useViewer((s) => s.selectedFunction)

  useEffect(() => {
    const el = host.current!
    for (const node of svg.querySelectorAll<SVGGElement>('g.node')) {
      const i = Number(node.id.replace(/^node/, ''))
      const name = names[i]
      if (name === undefined) continue
      node.setAttribute('data-name', name)
      const title = node.querySelector('title')
      if (title) title.textContent = name
    }
    // Pan and zoom move a group around Graphviz's own (which carries its layout transform).
    // (Once per svg: React's StrictMode runs this effect twice.)
    const layout = svg.querySelector('g.graph')
    let pane = layout?.parentNode as SVGGElement | null
    if (layout && pane === (svg as Node)) {
      pane = document.createElementNS('http://www.w3.org/2000/svg', 'g')
      svg.insertBefore(pane, layout)
      pane.append(layout)
    }
    svg.setAttribute('width', '100%')
    svg.setAttribute('height', '100%')
    const z = zoom<SVGSVGElement, unknown>()
      .scaleExtent([0.05, 40])
      .on('zoom', (e: {transform: {toString(): string}}) =>
        pane?.setAttribute('transform', e.transform.toString()),
      )
    select(svg).call(z).on('dblclick.zoom', null)
    zoomer.current = z
    el.replaceChildren(svg)
    return () => {
      select(svg).on('.zoom', null)
      el.replaceChildren()
    }
  }, [svg, names])

  useEffect(() => {
    for (const node of svg.querySelectorAll<SVGGElement>('g.node')) {
      const name = node.getAttribute('data-name')
      const own = name !== null && functionNameOf(shown.profile, name) === selected
      node.classList.toggle('selected', own)
    }
  }, [svg, selected, shown.profile])

  const nameAt = (target: EventTarget) =>
    (target as Element).closest?.('g.node')?.getAttribute('data-name') ?? null
  const zoomBy = (k: number) => zoomer.current && select(svg).call(zoomer.current.scaleBy, k)
  return (
    <div className="graph-canvas">
      <div className="graph-controls">
        <button type="button" className="small" aria-label="Zoom in" onClick={() => zoomBy(1.5)}>
          +
        </button>
        <button type="button" className="small" aria-label="Zoom out" onClick={() => zoomBy(1 / 1.5)}>
          −
        </button>
        <button
          type="button"
          className="small"
          onClick={() => zoomer.current && select(svg).call(zoomer.current.transform, zoomIdentity)}
        >
          Fit
        </button>
      </div>
      <div
        ref={host}
        className="graph-host"
        data-testid="call-graph"
        onClick={(e) => {
          const name = nameAt(e.target)
          if (name !== null) selectFunction(functionNameOf(shown.profile, name))
        }}
        onContextMenu={(e) => {
          const name = nameAt(e.target)
          onFunctionContextMenu(e, name === null ? null : functionNameOf(shown.profile, name))
        }}
      />
    </div>
  )
}

import {lazy, Suspense} from 'react'
import type {ViewName} from '../../store/store'
import {CallTreeView} from './CallTreeView'
import {LinesView} from './LinesView'
import {PeekView} from './PeekView'
import {SandwichView} from './SandwichView'

// The graph view (with d3-zoom) is its own chunk; Graphviz is another, loaded when it draws.
const CallGraphView = lazy(() => import('./CallGraphView'))

/** The drill-down view of that name (see ViewsMenu's MORE_VIEWS). */
export function MoreView({view}: {view: ViewName}) {
  switch (view) {
    case 'peek':
      return <PeekView />
    case 'lines':
      return <LinesView />
    case 'tree':
      return <CallTreeView />
    case 'graph':
      return (
        <Suspense fallback={<p className="empty">Loading the call graph…</p>}>
          <CallGraphView />
        </Suspense>
      )
    case 'sandwich':
      return <SandwichView />
    default:
      return null
  }
}

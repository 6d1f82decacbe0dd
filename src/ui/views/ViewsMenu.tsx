import {setView} from '../../store/actions'
import {type ViewName, useViewer} from '../../store/store'
import './views.css'

/** The drill-down views of pprof (peek, list, tree, web) and the sandwich, with their labels. */
export const MORE_VIEWS: readonly {view: ViewName; label: string; title: string}[] = [
  {view: 'peek', label: 'Peek', title: 'Callers and callees of a function (pprof -peek)'},
  {view: 'lines', label: 'Source lines', title: 'Cost per source line (pprof -list)'},
  {view: 'tree', label: 'Call tree', title: 'Expandable call tree (pprof -tree as text)'},
  {view: 'graph', label: 'Call graph', title: 'Graphviz call graph (pprof -web)'},
  {view: 'sandwich', label: 'Sandwich', title: 'All callers above a function, all callees below'},
]

/** Is this one of the views of MORE_VIEWS? */
export function isMoreView(view: ViewName): boolean {
  return MORE_VIEWS.some((v) => v.view === view)
}

/**
 * The second group of views, as one select beside the tabs so that the toolbar stays one row:
 * it reads "More views" until one of them is shown, then that view's name, marked selected.
 */
export function ViewsMenu() {
  const view = useViewer((s) => s.view)
  const current = isMoreView(view) ? view : ''
  return (
    <select
      className={current ? 'views-menu selected' : 'views-menu'}
      aria-label="More views"
      value={current}
      onChange={(e) => {
        if (e.target.value) setView(e.target.value as ViewName)
      }}
    >
      <option value="" disabled>
        More views…
      </option>
      {MORE_VIEWS.map((v) => (
        <option key={v.view} value={v.view} title={v.title}>
          {v.label}
        </option>
      ))}
    </select>
  )
}

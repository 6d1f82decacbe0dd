import {
  clearRefine,
  exactRegexp,
  addRefine,
  isRefined,
  REFINE_KINDS,
  removeRefine,
  selectFunction,
  setGranularity,
  showFunctionIn,
} from '../store/refine'
import {useShown} from '../store/shown'
import {useViewer} from '../store/store'
import './views/views.css'

/**
 * The row under the toolbar while the profile is refined or a function is selected: one
 * removable chip per refine option (pprof's "Active filters", e.g. `focus=main\.handle`) and
 * for the granularity, pprof's warnings, a bad regexp's error, and the selected function with
 * the views and refinements that take it.
 */
export function RefineBar() {
  const refine = useViewer((s) => s.refine)
  const granularity = useViewer((s) => s.granularity)
  const selected = useViewer((s) => s.selectedFunction)
  const shown = useShown()
  if (!shown) return null
  const refined = isRefined(refine, granularity)
  if (!refined && selected === null && !shown.refineError) return null
  return (
    <div className="refine-bar" data-testid="refine-bar">
      {refined && (
        <ul className="chips" aria-label="Active filters">
          {REFINE_KINDS.filter(({kind}) => refine[kind] !== '').map(({kind, flag}) => (
            <li key={kind} className="chip" data-kind={kind}>
              <span className="mono">
                {flag}={refine[kind]}
              </span>
              <button
                type="button"
                aria-label={`Remove ${flag}=${refine[kind]}`}
                title="Remove"
                onClick={() => removeRefine(kind)}
              >
                ×
              </button>
            </li>
          ))}
          {granularity !== 'functions' && (
            <li className="chip" data-kind="granularity">
              <span className="mono">granularity={granularity}</span>
              <button
                type="button"
                aria-label={`Remove granularity=${granularity}`}
                title="Back to functions"
                onClick={() => setGranularity('functions')}
              >
                ×
              </button>
            </li>
          )}
          <li>
            <button type="button" className="quiet small" onClick={clearRefine}>
              Clear all
            </button>
          </li>
        </ul>
      )}
      {shown.refineError && (
        <span className="refine-error" role="alert" data-testid="refine-error">
          {shown.refineError}: not applied
        </span>
      )}
      {shown.warnings.map((w) => (
        <span key={w} className="refine-warning" data-testid="refine-warning">
          {w}
        </span>
      ))}
      <span className="spacer" />
      {selected !== null && <Selection name={selected} />}
    </div>
  )
}

/** The selected function and what can be done with it. */
function Selection({name}: {name: string}) {
  return (
    <div className="selection" data-testid="selection">
      <span className="muted">Selected</span>{' '}
      <code className="selection-name" title={name}>
        {name}
      </code>
      <button type="button" className="small" onClick={() => showFunctionIn('peek', name)}>
        Peek
      </button>
      <button type="button" className="small" onClick={() => showFunctionIn('lines', name)}>
        Source
      </button>
      <button type="button" className="small" onClick={() => showFunctionIn('sandwich', name)}>
        Sandwich
      </button>
      <button type="button" className="small" onClick={() => addRefine('focus', exactRegexp(name))}>
        Focus
      </button>
      <button type="button" className="small" onClick={() => addRefine('ignore', exactRegexp(name))}>
        Ignore
      </button>
      <button
        type="button"
        className="quiet small"
        aria-label="Clear the selection"
        title="Clear the selection"
        onClick={() => selectFunction(null)}
      >
        ×
      </button>
    </div>
  )
}

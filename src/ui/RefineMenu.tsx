import {useState} from 'react'
import type {Granularity} from '../analysis/granularity'
import {
  GRANULARITIES,
  REFINE_KINDS,
  type RefineKind,
  regexpError,
  setGranularity,
} from '../store/refine'
import {type RefineState, useViewer} from '../store/store'
import {useDropDown} from './ShareMenu'
import './views/views.css'

const HELP: Record<RefineKind, string> = {
  focus: 'keep only the samples with a frame matching',
  ignore: 'drop the samples with a frame matching',
  hide: 'remove the matching frames from the stacks',
  show: 'keep only the matching frames in the stacks',
  showFrom: 'cut each stack above its first matching frame',
}

/**
 * The toolbar's Refine drop-down: pprof's focus, ignore, hide, show and show_from as Go
 * regexps (checked as typed; applied with Enter or Apply), and the granularity.
 */
export function RefineMenu() {
  const refine = useViewer((s) => s.refine)
  const granularity = useViewer((s) => s.granularity)
  const menu = useDropDown()
  const active = REFINE_KINDS.filter(({kind}) => refine[kind] !== '').length
  return (
    <details className="drop-down refine-menu" ref={menu.ref}>
      <summary className="button quiet" aria-label="Refine">
        Refine{active > 0 ? ` (${active})` : ''}
      </summary>
      <div className="drop-down-panel wide refine-panel" aria-label="Refine options">
        <RefineForm key={JSON.stringify(refine)} refine={refine} onDone={menu.close} />
        <label className="refine-field">
          <span>granularity</span>
          <select
            aria-label="Granularity"
            value={granularity}
            onChange={(e) => setGranularity(e.target.value as Granularity)}
          >
            {GRANULARITIES.map((g) => (
              <option key={g.value} value={g.value}>
                {g.label}
              </option>
            ))}
          </select>
        </label>
      </div>
    </details>
  )
}

function RefineForm({refine, onDone}: {refine: RefineState; onDone: () => void}) {
  const [draft, setDraft] = useState<RefineState>(refine)
  const errors = REFINE_KINDS.map(({kind}) => regexpError(kind, draft[kind]))
  const valid = errors.every((e) => e === '')
  const apply = () => {
    if (!valid) return
    useViewer.setState({refine: {...draft}})
    onDone()
  }
  return (
    <form
      className="refine-form"
      onSubmit={(e) => {
        e.preventDefault()
        apply()
      }}
    >
      {REFINE_KINDS.map(({kind, flag}, i) => (
        <label key={kind} className="refine-field" title={HELP[kind]}>
          <span>{flag}</span>
          <input
            type="text"
            aria-label={flag}
            spellCheck={false}
            placeholder={HELP[kind]}
            value={draft[kind]}
            aria-invalid={errors[i] !== ''}
            onChange={(e) => setDraft({...draft, [kind]: e.target.value})}
          />
          {errors[i] && <small className="refine-error">{errors[i]}</small>}
        </label>
      ))}
      <div className="refine-actions">
        <span className="muted">Go regexps, as pprof's flags; percentages stay of the whole profile.</span>
        <button type="submit" disabled={!valid}>
          Apply
        </button>
      </div>
    </form>
  )
}

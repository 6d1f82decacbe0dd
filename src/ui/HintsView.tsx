import {formatPercent, formatValueAuto} from '../analysis/format'
import {getHintsJob, hintSampleType} from '../store/derived'
import {useViewer} from '../store/store'
import {JobProgress, useJob} from './JobProgress'

/**
 * Allocation-hotspot hints: the common shapes of Go allocation cost found on the top
 * allocation sites, each attributed to the first function of the user's own code, with the
 * usual fix. Ranked by alloc_space when the profile has it, else by the selected sample type.
 * Big profiles take seconds: the hints are found in steps, with their progress shown meanwhile.
 */
export function HintsView() {
  const profile = useViewer((s) => s.profile)!
  const selected = useViewer((s) => s.sampleType)
  // Hints describe allocation cost: rank by alloc_space when the profile has it.
  const sampleType = hintSampleType(profile, selected)
  const state = useJob(getHintsJob(profile, sampleType))
  const hints = state.status === 'done' ? state.value : null
  const unit = profile.sampleTypes[sampleType].unit
  return (
    <section className="changes-view hints-view" aria-label="Hints" data-testid="hints">
      <p className="muted">
        Go allocation patterns recognised on the largest sites of {profile.sampleTypes[sampleType].type},
        attributed to the first function of your own code. Hints marked “from sizes” are inferred
        from object sizes, since Go's heap profile hides the runtime frame that allocated.
      </p>
      <JobProgress title="Finding allocation hints" state={state} />
      {hints?.length === 0 && <p className="empty">No known allocation pattern among the largest sites.</p>}
      <ol className="hint-list">
        {hints?.map((h, i) => (
          <li key={i} className="hint" data-kind={h.kind}>
            <div className="hint-head">
              <strong>{h.title}</strong> in <code className="hint-fn">{h.userFunction}</code>
              {h.userFile && (
                <span className="muted">
                  {' '}
                  {h.userFile}
                  {h.lines.length > 0 ? `:${h.lines.join(',')}` : ''}
                </span>
              )}
            </div>
            <div>
              {formatValueAuto(h.value, unit)} ({formatPercent(h.value, h.share > 0 ? h.value / h.share : 0).trim()} of{' '}
              {profile.sampleTypes[sampleType].type})
              {h.evidence === 'sizes' ? ' · from sizes' : ''} · {h.why}
            </div>
            <div>{h.explanation}</div>
            <div>
              <em>Fix:</em> {h.fix}
            </div>
          </li>
        ))}
      </ol>
    </section>
  )
}

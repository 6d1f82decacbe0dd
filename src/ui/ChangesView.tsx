import {useState} from 'react'
import type {Change, ChangeSummary, FunctionChange} from '../analysis/diff-changes'
import {toMarkdown} from '../analysis/diff-changes'
import {formatValueAuto} from '../analysis/format'
import {getWhatChangedJob} from '../store/derived'
import {useViewer} from '../store/store'
import {JobProgress, useJob} from './JobProgress'
import {copyText} from './ShareMenu'

function signed(v: number, unit: string): string {
  return (v > 0 ? '+' : '') + formatValueAuto(v, unit)
}

/**
 * "What changed" between the base and the profile: the functions that grew most, shrank most,
 * appeared and disappeared, with bytes and objects for heap profiles, copyable as Markdown.
 * Big profiles take seconds to compare: it is done in steps, with its progress shown meanwhile.
 */
export function ChangesView() {
  const profile = useViewer((s) => s.profile)!
  const base = useViewer((s) => s.base)!
  const sampleType = useViewer((s) => s.sampleType)
  const normalize = useViewer((s) => s.normalize)
  const [by, setBy] = useState<'flat' | 'cum'>('flat')
  const [copied, setCopied] = useState(false)
  const state = useJob(getWhatChangedJob(profile, base, sampleType, normalize, by))
  const summary = state.status === 'done' ? state.value : null
  const unit = summary?.sampleType.unit ?? ''

  const copy = async () => {
    if (!summary) return
    const md = toMarkdown(summary, {baseName: base.fileName, currentName: profile.fileName})
    await copyText(md)
    setCopied(true)
    setTimeout(() => setCopied(false), 2000)
  }

  const section = (
    title: string,
    rows: FunctionChange[],
    testId: string,
    summary: ChangeSummary,
  ) => (
    <section data-testid={testId}>
      <h3>
        {title} <span className="muted">({rows.length})</span>
      </h3>
      {rows.length === 0 ? (
        <p className="muted">none</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th>Δ {by}</th>
              <th>base → current</th>
              {summary.spaceType && <th>Δ {summary.spaceType.type}</th>}
              {summary.objectsType && <th>Δ {summary.objectsType.type}</th>}
              <th className="name">function</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => {
              const c: Change = r.selected[by]
              return (
                <tr key={r.name}>
                  <td data-value={c.delta}>{signed(c.delta, unit)}</td>
                  <td>
                    {formatValueAuto(c.base, unit)} → {formatValueAuto(c.current, unit)}
                  </td>
                  {summary.spaceType && (
                    <td>{r.space ? signed(r.space[by].delta, summary.spaceType.unit) : ''}</td>
                  )}
                  {summary.objectsType && (
                    <td>{r.objects ? signed(r.objects[by].delta, summary.objectsType.unit) : ''}</td>
                  )}
                  <td className="name">{r.name}</td>
                </tr>
              )
            })}
          </tbody>
        </table>
      )}
    </section>
  )

  return (
    <section className="changes-view" aria-label="What changed">
      <div className="changes-toolbar">
        {summary && (
          <span>
            {summary.sampleType.type}: {formatValueAuto(summary.total.base, unit)} →{' '}
            {formatValueAuto(summary.total.current, unit)} ({signed(summary.total.delta, unit)})
          </span>
        )}{' '}
        <label className="field">
          <select
            aria-label="Rank by"
            value={by}
            onChange={(e) => setBy(e.target.value as 'flat' | 'cum')}
          >
            <option value="flat">rank by flat</option>
            <option value="cum">rank by cum</option>
          </select>
        </label>{' '}
        <button type="button" disabled={!summary} onClick={() => void copy()}>
          {copied ? 'Copied' : 'Copy as Markdown'}
        </button>
      </div>
      <JobProgress title="Comparing the profiles" state={state} />
      {summary && section('Grew most', summary.grew, 'changes-grew', summary)}
      {summary && section('Shrank most', summary.shrank, 'changes-shrank', summary)}
      {summary && section('New', summary.appeared, 'changes-new', summary)}
      {summary && section('Removed', summary.disappeared, 'changes-removed', summary)}
    </section>
  )
}

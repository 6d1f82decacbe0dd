import {useState} from 'react'
import type {Change, FunctionChange} from '../analysis/diff-changes'
import {toMarkdown} from '../analysis/diff-changes'
import {formatValueAuto} from '../analysis/format'
import {getWhatChanged} from '../store/derived'
import {useViewer} from '../store/store'
import {copyText} from './ShareMenu'

function signed(v: number, unit: string): string {
  return (v > 0 ? '+' : '') + formatValueAuto(v, unit)
}

/**
 * "What changed" between the base and the profile: the functions that grew most, shrank most,
 * appeared and disappeared, with bytes and objects for heap profiles, copyable as Markdown.
 */
export function ChangesView() {
  const profile = useViewer((s) => s.profile)!
  const base = useViewer((s) => s.base)!
  const sampleType = useViewer((s) => s.sampleType)
  const normalize = useViewer((s) => s.normalize)
  const [by, setBy] = useState<'flat' | 'cum'>('flat')
  const [copied, setCopied] = useState(false)
  const summary = getWhatChanged(profile, base, sampleType, normalize, by)
  const unit = summary.sampleType.unit

  const copy = async () => {
    const md = toMarkdown(summary, {baseName: base.fileName, currentName: profile.fileName})
    await copyText(md)
    setCopied(true)
    setTimeout(() => setCopied(false), 2000)
  }

  const section = (title: string, rows: FunctionChange[], testId: string) => (
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
        <span>
          {summary.sampleType.type}: {formatValueAuto(summary.total.base, unit)} →{' '}
          {formatValueAuto(summary.total.current, unit)} ({signed(summary.total.delta, unit)})
        </span>{' '}
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
        <button type="button" onClick={() => void copy()}>
          {copied ? 'Copied' : 'Copy as Markdown'}
        </button>
      </div>
      {section('Grew most', summary.grew, 'changes-grew')}
      {section('Shrank most', summary.shrank, 'changes-shrank')}
      {section('New', summary.appeared, 'changes-new')}
      {section('Removed', summary.disappeared, 'changes-removed')}
    </section>
  )
}

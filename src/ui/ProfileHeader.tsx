import {formatValueAuto} from '../analysis/format'
import {profileKind} from '../analysis/profile-kind'
import {getTotal} from '../store/derived'
import {useViewer} from '../store/store'

/** The details line under the toolbar: what was opened and what it holds. */
export function ProfileHeader() {
  const profile = useViewer((s) => s.profile)
  const sampleType = useViewer((s) => s.sampleType)
  if (!profile) return null
  const type = profile.sampleTypes[sampleType]
  const total = getTotal(profile, sampleType)
  const items: [string, string][] = [
    ['File', profile.fileName],
    ['Kind', profileKind(profile)],
    ['Type', type ? type.type : '–'],
    ['Total', type ? formatValueAuto(total, type.unit) : '–'],
  ]
  if (profile.timeMillis > 0) items.push(['Time', new Date(profile.timeMillis).toLocaleString()])
  if (profile.period > 0 && profile.periodType) {
    items.push(['Sampling', `every ${formatValueAuto(profile.period, profile.periodType.unit)}`])
  }
  items.push(['Samples', profile.samples.length.toLocaleString('en-US')])
  items.push(['Functions', profile.funcs.length.toLocaleString('en-US')])
  if (profile.mainFile) items.push(['Binary', profile.mainFile.split('/').pop() ?? ''])
  return (
    <dl className="profile-header" data-testid="profile-header">
      {items.map(([k, v]) => (
        <div key={k} data-field={k.toLowerCase()}>
          <dt>{k}</dt>
          <dd>{v}</dd>
        </div>
      ))}
    </dl>
  )
}

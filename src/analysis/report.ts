import type {Profile} from '../model/profile'
import {formatPercent, formatValue, scaleValue, selectOutputUnit} from './format'
import {computeTop, sampleTotal, sortTopRows} from './top'

/**
 * pprof's text report, `go tool pprof -top` (report.printText with ProfileLabels), as printed by
 * go1.19's pprof (vendored a41b82a): the `Time:` layout is "Jan 2, 2006 at 3:04pm (MST)" and
 * there is no `Doc:` line. Output is byte-identical to `go tool pprof -top -nodefraction=0
 * -edgefraction=0 -nodecount=<large>` for the same sample type.
 */

export interface LabelOptions {
  /** The report total (Σ|v|); computed from the profile when absent. */
  total?: number
  /** The report's output unit, as from selectOutputUnit; default 'minimum' (autoscale). */
  outputUnit?: string
  /** An IANA zone for the Time: line; default the local zone (pprof prints local time). */
  timeZone?: string
}

export interface TopTextOptions {
  /** 'flat' (default) or 'cum' (`-cum`). */
  sort?: 'flat' | 'cum'
  /** pprof's -unit: 'minimum' (default: one unit chosen for the report), or e.g. 'B', 'ns'. */
  unit?: string
  timeZone?: string
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

/**
 * Go's time.Format with layout "Jan 2, 2006 at 3:04pm (MST)" for `millis` since the epoch, in
 * `timeZone` (default: local). The zone abbreviation comes from Intl ('en-US'), which matches Go
 * for UTC and the US zones; elsewhere Intl may say "GMT+1" where Go says "CET".
 */
export function formatGoTime(millis: number, timeZone?: string): string {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZoneName: 'short',
  }).formatToParts(new Date(Math.floor(millis)))
  const part = (type: Intl.DateTimeFormatPartTypes): string =>
    parts.find((p) => p.type === type)?.value ?? ''
  const hour = Number(part('hour')) % 24
  const minute = part('minute').padStart(2, '0')
  const hour12 = hour % 12 === 0 ? 12 : hour % 12
  const month = MONTHS[Number(part('month')) - 1]
  const zone = part('timeZoneName')
  const clock = `${hour12}:${minute}${hour < 12 ? 'am' : 'pm'}`
  return `${month} ${part('day')}, ${part('year')} at ${clock} (${zone})`
}

/** Go's filepath.Base on a slash path. */
function baseName(path: string): string {
  if (path === '') return '.'
  const trimmed = path.replace(/\/+$/, '')
  if (trimmed === '') return '/'
  return trimmed.slice(trimmed.lastIndexOf('/') + 1)
}

/**
 * pprof's ProfileLabels, one string per line: File:, Build ID:, the comments not starting with
 * '#', Type:, Time: (when known), Duration: (when known; with the total as a percentage of it for
 * time units).
 */
export function profileLabels(
  profile: Profile,
  sampleType: number,
  options: LabelOptions = {},
): string[] {
  const labels: string[] = []
  if (profile.mainFile !== '') labels.push('File: ' + baseName(profile.mainFile))
  if (profile.buildId !== '') labels.push('Build ID: ' + profile.buildId)
  for (const c of profile.comments) {
    if (!c.startsWith('#')) labels.push(c)
  }
  const {type, unit} = profile.sampleTypes[sampleType]
  if (type !== '') labels.push('Type: ' + type)
  if (profile.timeMillis !== 0) {
    labels.push('Time: ' + formatGoTime(profile.timeMillis, options.timeZone))
  }
  if (profile.durationNanos !== 0) {
    const total = options.total ?? sampleTotal(profile, sampleType)
    const outputUnit = options.outputUnit ?? 'minimum'
    const duration = formatValue(profile.durationNanos, 'nanoseconds', 'auto')
    const nanos = scaleValue(total, unit, 'nanoseconds')
    let ratio = ''
    if (nanos.unit === 'ns' && nanos.value !== 0) {
      ratio = '(' + formatPercent(Math.trunc(nanos.value), profile.durationNanos) + ')'
    }
    const totalText = formatValue(total, unit, outputUnit)
    labels.push(`Duration: ${duration}, Total samples = ${totalText} ${ratio}`)
  }
  return labels
}

/**
 * The whole `go tool pprof -top` text for one sample type: labels, the "Showing nodes accounting
 * for" line, the column header and one row per function, each line ending in '\n'.
 * sum% is the running signed sum of flat, printed unsigned.
 */
export function formatTopText(
  profile: Profile,
  sampleType: number,
  options: TopTextOptions = {},
): string {
  const {rows: flatRows, total} = computeTop(profile, sampleType)
  const rows = options.sort === 'cum' ? sortTopRows(flatRows, 'cum') : flatRows
  const sampleUnit = profile.sampleTypes[sampleType].unit
  const unit = options.unit ?? 'minimum'
  const outputUnit = unit === 'minimum' ? selectOutputUnit(rows, total, sampleUnit) : unit
  const fmt = (v: number): string => formatValue(v, sampleUnit, outputUnit)

  const lines = profileLabels(profile, sampleType, {total, outputUnit, timeZone: options.timeZone})
  let flatSum = 0
  for (const r of rows) flatSum += r.flat
  const shownPercent = formatPercent(flatSum, total).trim()
  lines.push(`Showing nodes accounting for ${fmt(flatSum)}, ${shownPercent} of ${fmt(total)} total`)
  lines.push('      flat  flat%   sum%        cum   cum%')
  let running = 0
  for (const r of rows) {
    running += r.flat
    const inline = r.annotation === '' ? '' : ` (${r.annotation})`
    lines.push(
      `${fmt(r.flat).padStart(10)} ${formatPercent(r.flat, total)} ` +
        `${formatPercent(running, total)} ` +
        `${fmt(r.cum).padStart(10)} ${formatPercent(r.cum, total)}  ${r.name}${inline}`,
    )
  }
  return lines.join('\n') + '\n'
}

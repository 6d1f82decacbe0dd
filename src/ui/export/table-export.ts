import type {ChangeSummary, FunctionChange} from '../../analysis/diff-changes'
import {formatPercent, formatValue, selectOutputUnit} from '../../analysis/format'
import {profileLabels} from '../../analysis/report'
import {sortTopRows} from '../../analysis/top'
import type {Profile} from '../../model/profile'
import {getTop} from '../../store/derived'
import {markdownBlock, markdownCode, toCsv} from './escape'

/**
 * The Top table (pprof's -top, or a comparison's when the profile is a diff) and the "What
 * changed" lists as CSV and Markdown. Values are formatted as the page and pprof print them;
 * the CSV also carries the exact integers in the sample type's unit.
 */

interface TopLine {
  flat: string
  flatPct: string
  sumPct: string
  cum: string
  cumPct: string
  name: string
  flatValue: number
  cumValue: number
}

function topLines(profile: Profile, sampleType: number, sort: 'flat' | 'cum') {
  const report = getTop(profile, sampleType)
  const rows = sortTopRows(report.rows, sort)
  const unit = profile.sampleTypes[sampleType]?.unit ?? ''
  // As in the Top view: one unit for the table, chosen over pprof's flat order.
  const outputUnit = selectOutputUnit(report.rows, report.total, unit)
  const fmt = (v: number) => formatValue(v, unit, outputUnit)
  const pct = (v: number) => formatPercent(v, report.total).trim()
  let running = 0
  const lines: TopLine[] = rows.map((r) => {
    running += r.flat
    return {
      flat: fmt(r.flat),
      flatPct: pct(r.flat),
      sumPct: pct(running),
      cum: fmt(r.cum),
      cumPct: pct(r.cum),
      name: r.annotation ? `${r.name} (${r.annotation})` : r.name,
      flatValue: r.flat,
      cumValue: r.cum,
    }
  })
  const showing =
    `Showing nodes accounting for ${fmt(running)}, ${pct(running)} of ` +
    `${fmt(report.total)} total`
  return {lines, unit, showing}
}

/** Top as CSV: the six columns of the page, then flat and cum as exact integers. */
export function topCsv(profile: Profile, sampleType: number, sort: 'flat' | 'cum'): string {
  const {lines, unit} = topLines(profile, sampleType, sort)
  const u = unit || 'value'
  const header = ['flat', 'flat%', 'sum%', 'cum', 'cum%', 'name', `flat (${u})`, `cum (${u})`]
  return toCsv([
    header,
    ...lines.map((l) => [
      ...[l.flat, l.flatPct, l.sumPct, l.cum, l.cumPct, l.name],
      ...[l.flatValue, l.cumValue],
    ]),
  ])
}

/** Top as Markdown: a title, pprof's labels in a code block, then the table. */
export function topMarkdown(
  profile: Profile,
  sampleType: number,
  sort: 'flat' | 'cum',
  title: string,
): string {
  const {lines, showing} = topLines(profile, sampleType, sort)
  const out = [
    `**Top** (sorted by ${sort}): ${markdownCode(title)}`,
    '',
    markdownBlock([...profileLabels(profile, sampleType), showing]),
    '',
    '| flat | flat% | sum% | cum | cum% | name |',
    '| ---: | ---: | ---: | ---: | ---: | --- |',
  ]
  for (const l of lines) {
    const cells = [l.flat, l.flatPct, l.sumPct, l.cum, l.cumPct, markdownCode(l.name)]
    out.push(`| ${cells.join(' | ')} |`)
  }
  return out.join('\n') + '\n'
}

const LISTS: [string, keyof Pick<ChangeSummary, 'grew' | 'shrank' | 'appeared' | 'disappeared'>][] =
  [
    ['grew', 'grew'],
    ['shrank', 'shrank'],
    ['new', 'appeared'],
    ['removed', 'disappeared'],
  ]

/** "What changed" as CSV: one row per function and list, base / current / delta as integers. */
export function changesCsv(summary: ChangeSummary): string {
  const u = summary.sampleType.unit || 'value'
  const header = ['list', 'function', 'type']
  for (const k of ['flat', 'cum']) header.push(`${k} base`, `${k} current`, `${k} delta`)
  header.push('unit')
  const rows: (string | number)[][] = [header]
  const row = (list: string, c: FunctionChange) => {
    const {flat, cum} = c.selected
    const values = [flat.base, flat.current, flat.delta, cum.base, cum.current, cum.delta]
    rows.push([list, c.name, summary.sampleType.type, ...values, u])
  }
  for (const [list, key] of LISTS) for (const c of summary[key]) row(list, c)
  return toCsv(rows)
}

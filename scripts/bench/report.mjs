import {STAGES} from './app-run.mjs'

/**
 * Median, min and max of the numbers in xs (nulls ignored), or null when there are none.
 * @param {(number | null | undefined)[]} xs
 * @returns {{med: number, min: number, max: number, n: number} | null}
 */
export function summarize(xs) {
  const v = /** @type {number[]} */ (xs.filter((x) => typeof x === 'number' && Number.isFinite(x))).sort((a, b) => a - b)
  if (v.length === 0) return null
  const mid = v.length >> 1
  const med = v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2
  return {med, min: v[0], max: v[v.length - 1], n: v.length}
}

const MB = 1e6
const fmt = (/** @type {number} */ x, digits = 0) => x.toFixed(digits)
/** "812 (790–850)" for a summary; '-' when nothing was measured. */
const cell = (/** @type {ReturnType<typeof summarize>} */ s, digits = 0, scale = 1) =>
  s ? (s.n > 1 ? `${fmt(s.med / scale, digits)} (${fmt(s.min / scale, digits)}–${fmt(s.max / scale, digits)})` : fmt(s.med / scale, digits)) : '-'

/**
 * @typedef {object} SizeResult
 * @property {import('./profiles.mjs').BenchFile} file
 * @property {import('./app-run.mjs').AppRun[]} app
 * @property {string[]} failures
 * @property {import('./floor.mjs').FloorResult[]} floor
 * @property {number[]} speedscope load times, ms
 */

/**
 * Markdown tables of the results: the main one, decode stages, floor parts, speedscope.
 * @param {SizeResult[]} results
 * @returns {string}
 */
export function formatReport(results) {
  const rows = [
    '| size | gz MB | raw MB | chosen→decoded ms | chosen→rendered ms | floor ms | rendered/floor | heap MB | heap/raw |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ]
  for (const r of results) {
    const decoded = summarize(r.app.map((a) => a.decodedMs))
    const rendered = summarize(r.app.map((a) => a.renderedMs))
    const floor = summarize(r.floor.map((f) => f.floorMs))
    const heap = summarize(r.app.map((a) => a.heapBytes))
    rows.push(`| ${[
      r.file.size + (r.failures.length ? ` (${r.failures.length} failed)` : ''),
      fmt(r.file.gzBytes / MB, 2),
      fmt(r.file.rawBytes / MB, 2),
      cell(decoded),
      cell(rendered),
      cell(floor),
      rendered && floor ? `${fmt(rendered.med / floor.med, 1)}×` : '-',
      cell(heap, 1, MB),
      heap ? fmt(heap.med / r.file.rawBytes, 2) : '-',
    ].join(' | ')} |`)
  }

  // the documented stages first, then whatever else the app reports (e.g. totalMs)
  /** @type {string[]} */
  const keys = [...STAGES]
  for (const r of results) {
    for (const a of r.app) for (const k of Object.keys(a.stages ?? {})) if (!keys.includes(k)) keys.push(k)
  }
  const stageRows = [
    `| size | ${keys.map((s) => s.replace(/Ms$/, '')).join(' | ')} | wall | heap before gc MB |`,
    `| --- |${' ---: |'.repeat(keys.length + 2)}`,
  ]
  for (const r of results) {
    const stage = (/** @type {string} */ k) => cell(summarize(r.app.map((a) => (a.stages && typeof a.stages[k] === 'number' ? a.stages[k] : null))))
    stageRows.push(`| ${r.file.size} | ${keys.map(stage).join(' | ')} | ${cell(summarize(r.app.map((a) => a.wallMs)))} | ${
      cell(summarize(r.app.map((a) => a.heapBytesBeforeGc)), 1, MB)} |`)
  }

  const floorRows = ['| size | gunzip ms | varint pass ms | varints | raw MB/s through the floor |', '| --- | ---: | ---: | ---: | ---: |']
  for (const r of results) {
    const f = summarize(r.floor.map((x) => x.floorMs))
    floorRows.push(`| ${r.file.size} | ${cell(summarize(r.floor.map((x) => x.gunzipMs)))} | ${cell(summarize(r.floor.map((x) => x.varintMs)))} | ${
      r.floor[0]?.varints ?? '-'} | ${f ? fmt(r.file.rawBytes / MB / (f.med / 1000), 0) : '-'} |`)
  }

  const out = [rows.join('\n'), '', 'Decode stages (window.__heapscope.lastLoad), ms:', stageRows.join('\n'), '', 'Floor parts:', floorRows.join('\n')]
  if (results.some((r) => r.speedscope.length)) {
    out.push('', 'speedscope (navigation → title set), ms:', '| size | speedscope ms |', '| --- | ---: |',
      ...results.map((r) => `| ${r.file.size} | ${cell(summarize(r.speedscope))} |`))
  }
  return out.join('\n')
}

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
 * @property {import('./speedscope.mjs').SpeedscopeRun[]} speedscope
 * @property {string[]} speedscopeFailures
 * @property {{pattern: string, fraction: number} | null} search the interactions' search
 */

/**
 * Markdown tables of the results: the main one, decode stages, floor parts, speedscope.
 * @param {SizeResult[]} results
 * @returns {string}
 */
export function formatReport(results) {
  const rows = [
    '| size | gz MB | raw MB | chosen→decoded ms | chosen→rendered ms | floor ms | rendered/floor | heap MB | heap/raw | heap − empty page MB | (heap − page)/raw |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ]
  for (const r of results) {
    const decoded = summarize(r.app.map((a) => a.decodedMs))
    const rendered = summarize(r.app.map((a) => a.renderedMs))
    const floor = summarize(r.floor.map((f) => f.floorMs))
    const heap = summarize(r.app.map((a) => a.heapBytes))
    const own = summarize(r.app.map((a) => (a.heapBytes !== null && a.pageHeapBytes != null ? a.heapBytes - a.pageHeapBytes : null)))
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
      cell(own, 1, MB),
      own ? fmt(own.med / r.file.rawBytes, 2) : '-',
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
  if (results.some((r) => r.speedscope.length || r.speedscopeFailures.length)) {
    out.push('', 'speedscope, side by side (its fetch of the file → its first flame chart frame):',
      '| size | speedscope ms | its import ms | its heap MB | heapscope chosen→rendered ms | heapscope / speedscope |',
      '| --- | ---: | ---: | ---: | ---: | ---: |')
    for (const r of results) {
      const ss = summarize(r.speedscope.map((x) => x.drawnMs))
      const rendered = summarize(r.app.map((a) => a.renderedMs))
      const failed = r.speedscopeFailures.length ? `failed: ${r.speedscopeFailures[0]}` : '-'
      out.push(`| ${r.file.size} | ${ss ? cell(ss) : failed} | ${cell(summarize(r.speedscope.map((x) => x.importMs)))} | ${
        cell(summarize(r.speedscope.map((x) => x.heapBytes)), 1, MB)} | ${cell(rendered)} | ${
        ss && rendered ? `${fmt(rendered.med / ss.med, 2)}` : r.speedscopeFailures.length && rendered ? 'speedscope failed' : '-'} |`)
    }
  }
  if (results.some((r) => r.app.some((a) => a.interactions))) {
    out.push('', 'Interactions (input → next frame with the chart updated), ms:',
      '| size | search pattern (functions matched) | sample-type switch | search | zoom |', '| --- | --- | ---: | ---: | ---: |')
    for (const r of results) {
      if (!r.search) continue
      const it = (/** @type {'switchMs' | 'searchMs' | 'zoomMs'} */ k) => cell(summarize(r.app.map((a) => a.interactions?.[k] ?? null)))
      out.push(`| ${r.file.size} | \`${r.search.pattern}\` (${fmt(r.search.fraction * 100, 2)}%) | ${it('switchMs')} | ${it('searchMs')} | ${it('zoomMs')} |`)
    }
  }
  return out.join('\n')
}

/**
 * The issue's targets, each met or missed by how much: first flame graph of the biggest
 * profile within half of speedscope's time and within 2× the floor; switch, search and zoom
 * under 100 ms; retained heap within 2× the decompressed size.
 * @param {SizeResult[]} results
 * @returns {string}
 */
export function formatTargets(results) {
  const lines = ['Targets:']
  const verdict = (/** @type {number} */ value, /** @type {number} */ limit, /** @type {string} */ unit) =>
    value <= limit ? `met (${fmt(value, unit === '×' ? 2 : 0)}${unit} ≤ ${limit}${unit})`
      : `MISSED by ${fmt((value / limit - 1) * 100, 0)}% (${fmt(value, unit === '×' ? 2 : 0)}${unit}, target ≤ ${limit}${unit})`
  const withApp = results.filter((r) => r.app.length)
  const big = withApp.reduce((a, r) => (a === null || r.file.rawBytes > a.file.rawBytes ? r : a), /** @type {SizeResult | null} */ (null))
  if (big) {
    const rendered = summarize(big.app.map((a) => a.renderedMs))
    const floor = summarize(big.floor.map((f) => f.floorMs))
    const ss = summarize(big.speedscope.map((x) => x.drawnMs))
    if (rendered && ss) lines.push(`- ${big.file.size} rendered / speedscope: ${verdict(rendered.med / ss.med, 0.5, '×')}`)
    else if (rendered && big.speedscopeFailures.length) lines.push(`- ${big.file.size} rendered / speedscope: met (speedscope did not draw it: ${big.speedscopeFailures[0]})`)
    if (rendered && floor) lines.push(`- ${big.file.size} rendered / floor: ${verdict(rendered.med / floor.med, 2, '×')}`)
  }
  for (const r of withApp) {
    if (!r.search) continue
    for (const [k, name] of /** @type {const} */ ([['switchMs', 'sample-type switch'], ['searchMs', 'search'], ['zoomMs', 'zoom']])) {
      const v = summarize(r.app.map((a) => a.interactions?.[k] ?? null))
      if (v) lines.push(`- ${r.file.size} ${name}: ${verdict(v.med, 100, ' ms')}`)
    }
  }
  for (const r of withApp) {
    const heap = summarize(r.app.map((a) => a.heapBytes))
    const own = summarize(r.app.map((a) => (a.heapBytes !== null && a.pageHeapBytes != null ? a.heapBytes - a.pageHeapBytes : null)))
    if (heap) {
      lines.push(`- ${r.file.size} heap / decompressed size: ${verdict(heap.med / r.file.rawBytes, 2, '×')}${
        own ? `; without the empty page's ${fmt((heap.med - own.med) / MB, 1)} MB: ${fmt(own.med / r.file.rawBytes, 2)}×` : ''}`)
    }
  }
  return lines.join('\n')
}

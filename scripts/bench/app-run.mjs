// One timed load of a profile in the app: fresh context, pick the file through the
// "Open profile" input, wait for the app's heapscope:rendered mark, read its marks; then,
// optionally, time a sample-type switch, a search and a zoom (interact.mjs).

import {measureInteractions} from './interact.mjs'

export const STAGES = /** @type {const} */ (['readMs', 'inflateMs', 'decodeMs', 'buildMs', 'analysisMs', 'renderMs'])

/**
 * @typedef {object} AppRun
 * @property {number | null} decodedMs heapscope:file-chosen -> heapscope:decoded
 * @property {number | null} renderedMs heapscope:file-chosen -> heapscope:rendered
 * @property {number} wallMs from setInputFiles (node side) until the rendered mark was seen
 * @property {number | null} heapBytes performance.memory.usedJSHeapSize after load, once idle, after gc()
 * @property {number | null} heapBytesBeforeGc the same before gc()
 * @property {number | null} pageHeapBytes the same for the page before the file was chosen
 * @property {Record<string, number> | null} stages window.__heapscope.lastLoad
 * @property {import('./interact.mjs').Interactions | null} interactions
 */

/** Failure that makes further runs pointless (the app has no file input at all). */
export class AppMissingError extends Error {}

/**
 * @param {import('@playwright/test').Browser} browser
 * @param {string} baseURL
 * @param {string} filePath
 * @param {number} timeoutMs
 * @param {string | null} [searchPattern] when set, also time a switch, a search and a zoom
 * @returns {Promise<AppRun>}
 */
export async function runApp(browser, baseURL, filePath, timeoutMs, searchPattern = null) {
  const context = await browser.newContext({viewport: {width: 1280, height: 800}})
  /** @type {string[]} */
  const errors = []
  try {
    const page = await context.newPage()
    page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`))
    page.on('console', (m) => {
      if (m.type() === 'error' && !m.location().url.endsWith('/favicon.ico')) errors.push(`console: ${m.text()}`)
    })
    page.on('worker', (w) => w.on('console', (m) => m.type() === 'error' && errors.push(`worker: ${m.text()}`)))
    page.on('crash', () => errors.push('page crashed (out of memory?)'))
    await page.goto(`${baseURL}/`, {waitUntil: 'load', timeout: 30_000})

    const input = page.getByLabel('Open profile')
    try {
      await input.first().waitFor({state: 'attached', timeout: 15_000})
    } catch {
      throw new AppMissingError(`the app at ${baseURL}/ has no element labelled "Open profile" after 15 s${tail(errors)}`)
    }
    // The empty page's heap (React, d3, the app's code), after gc(): what no profile costs.
    const pageHeapBytes = await page.evaluate(() => {
      const g = /** @type {any} */ (globalThis).gc
      if (typeof g === 'function') g()
      return /** @type {any} */ (performance).memory?.usedJSHeapSize ?? null
    })
    const t0 = performance.now()
    await input.first().setInputFiles(filePath)
    try {
      await page.waitForFunction(() => performance.getEntriesByName('heapscope:rendered').length > 0, null,
        {timeout: timeoutMs, polling: 50})
    } catch {
      const shown = await page.locator('[role=alert]').allInnerTexts().catch(() => [])
      const marks = await page.evaluate(() => performance.getEntriesByType('mark').map((m) => m.name).filter((n) => n.startsWith('heapscope:')))
        .catch(() => [])
      throw new Error(`no heapscope:rendered mark ${timeoutMs / 1000} s after choosing the file` +
        ` (marks so far: ${marks.join(', ') || 'none'})${shown.length ? `; alert: ${shown.join(' | ').slice(0, 300)}` : ''}${tail(errors)}`)
    }
    const wallMs = performance.now() - t0
    // What the page does once idle after a load (e.g. the other sample types' timings) is part
    // of what it keeps: the heap is read after that has settled.
    await page.evaluate(() => new Promise((resolve) => {
      const idle = () => requestIdleCallback((d) => (d.timeRemaining() > 20 ? resolve(undefined) : setTimeout(idle, 100)))
      setTimeout(idle, 100)
    }))
    const r = await page.evaluate(() => {
      const at = (/** @type {string} */ name) => performance.getEntriesByName(name)[0]?.startTime ?? null
      const mem = () => /** @type {any} */ (performance).memory?.usedJSHeapSize ?? null
      const before = mem()
      const g = /** @type {any} */ (globalThis).gc
      if (typeof g === 'function') g()
      const lastLoad = /** @type {any} */ (window).__heapscope?.lastLoad
      return {
        chosen: at('heapscope:file-chosen'),
        decoded: at('heapscope:decoded'),
        rendered: at('heapscope:rendered'),
        before,
        after: mem(),
        lastLoad: lastLoad && typeof lastLoad === 'object' ? JSON.parse(JSON.stringify(lastLoad)) : null,
      }
    })
    const since = (/** @type {number | null} */ t) => (t !== null && r.chosen !== null ? t - r.chosen : null)
    // After the heap was read: what the interactions compute is not part of "after load".
    const interactions = searchPattern === null ? null : await measureInteractions(page, searchPattern, 30_000)
    return {
      interactions,
      decodedMs: since(r.decoded),
      renderedMs: since(r.rendered),
      wallMs,
      heapBytes: r.after,
      heapBytesBeforeGc: r.before,
      pageHeapBytes,
      stages: r.lastLoad,
    }
  } finally {
    await context.close()
  }
}

/** The last few page errors, for a failure message. */
function tail(/** @type {string[]} */ errors) {
  return errors.length ? `\n    page errors: ${errors.slice(-3).join('\n    ')}` : ''
}

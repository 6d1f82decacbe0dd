// Side-by-side comparison with speedscope (https://www.speedscope.app), which also opens gzipped
// pprof files in the browser. Its release build (the `speedscope` dev dependency) is served at
// /__speedscope/ and pointed at the file with #profileURL=.

import {existsSync} from 'node:fs'
import {join} from 'node:path'

/**
 * Directory of speedscope's static release build, or null when the package is absent.
 * @param {string} root repository root
 * @returns {string | null}
 */
export function findSpeedscope(root) {
  for (const dir of ['dist/release', 'dist']) {
    const full = join(root, 'node_modules', 'speedscope', dir)
    if (existsSync(join(full, 'index.html'))) return full
  }
  return null
}

// Runs in the page before speedscope: speedscope ends its import with console.timeEnd('import')
// and then draws the flame chart's rectangles with WebGL drawArrays. The first draw after the
// import, plus the frame it lands in, is "first flame chart drawn".
const PROBE = () => {
  const w = /** @type {any} */ (window)
  w.__ss = {importedAt: null, drawnAt: null, painted: null}
  const timeEnd = console.timeEnd.bind(console)
  console.timeEnd = (/** @type {string} */ label) => {
    if (label === 'import' && w.__ss.importedAt === null) w.__ss.importedAt = performance.now()
    timeEnd(label)
  }
  for (const proto of [WebGLRenderingContext.prototype, WebGL2RenderingContext.prototype]) {
    const draw = proto.drawArrays
    proto.drawArrays = function (/** @type {any[]} */ ...args) {
      const r = draw.apply(this, /** @type {any} */ (args))
      if (w.__ss.importedAt !== null && w.__ss.drawnAt === null) {
        w.__ss.drawnAt = performance.now()
        requestAnimationFrame(() => (w.__ss.painted = performance.now()))
      }
      return r
    }
  }
}

/**
 * @typedef {object} SpeedscopeRun
 * @property {number} drawnMs the profile's fetch start → first flame chart frame after the import
 * @property {number} importMs fetch start → speedscope's import done
 * @property {number} navigationMs navigation start → first flame chart frame
 * @property {number | null} heapBytes usedJSHeapSize after the load and a gc()
 */

/**
 * One speedscope load of a file, in a fresh context. The clock starts when speedscope starts
 * fetching the profile (the file's resource timing), so that its page load is left out, as
 * heapscope's is.
 * @param {import('@playwright/test').Browser} browser
 * @param {string} baseURL
 * @param {string} fileName served under /__bench/files/
 * @param {number} timeoutMs
 * @returns {Promise<SpeedscopeRun>}
 */
export async function runSpeedscope(browser, baseURL, fileName, timeoutMs) {
  const context = await browser.newContext({viewport: {width: 1280, height: 800}})
  try {
    const page = await context.newPage()
    await page.addInitScript(PROBE)
    /** @type {string[]} */
    const alerts = []
    let crashed = false
    page.on('crash', () => (crashed = true))
    page.on('dialog', (d) => {
      alerts.push(d.message())
      void d.dismiss()
    })
    const url = `${baseURL}/__bench/files/${fileName}`
    await page.goto(`${baseURL}/__speedscope/index.html#profileURL=${encodeURIComponent(url)}&title=${encodeURIComponent(fileName)}`)
    try {
      await page.waitForFunction(() => /** @type {any} */ (window).__ss.painted !== null, null, {timeout: timeoutMs, polling: 50})
    } catch {
      const why = crashed ? 'its tab crashed (out of memory?)' : `no flame chart after ${timeoutMs / 1000} s`
      throw new Error(`speedscope: ${why}${alerts.length ? ` (alert: ${alerts.join(' | ')})` : ''}`)
    }
    return await page.evaluate((file) => {
      const ss = /** @type {any} */ (window).__ss
      const entry = performance.getEntriesByType('resource').find((e) => e.name.endsWith(file))
      const start = entry ? entry.startTime : 0
      const g = /** @type {any} */ (globalThis).gc
      if (typeof g === 'function') g()
      return {
        drawnMs: ss.painted - start,
        importMs: ss.importedAt - start,
        navigationMs: ss.painted,
        heapBytes: /** @type {any} */ (performance).memory?.usedJSHeapSize ?? null,
      }
    }, fileName)
  } finally {
    await context.close()
  }
}

// The floor: what any decoder has to pay at least, measured in the same browser. fflate's
// gunzipSync of the file, then one tight JS pass decoding every varint of the raw bytes
// (the whole buffer read as a varint stream, summed so the loop cannot be optimised away).

/** Page served at /__bench/floor.html; exposes window.floorRun(url). */
export const FLOOR_HTML = `<!doctype html>
<meta charset="utf-8">
<title>heapscope bench floor</title>
<script type="module">
import {gunzipSync} from './fflate.mjs'

function varintPass(buf) {
  let sum = 0
  let count = 0
  let i = 0
  const n = buf.length
  while (i < n) {
    let b = buf[i++]
    let v = b & 0x7f
    let shift = 7
    while (b & 0x80 && i < n) {
      b = buf[i++]
      if (shift < 28) v |= (b & 0x7f) << shift
      shift += 7
    }
    sum = (sum + v) | 0
    count++
  }
  return {sum, count}
}

window.floorRun = async (url) => {
  const res = await fetch(url)
  if (!res.ok) throw new Error(url + ': HTTP ' + res.status)
  const gz = new Uint8Array(await res.arrayBuffer())
  const t0 = performance.now()
  const raw = gunzipSync(gz)
  const t1 = performance.now()
  const {sum, count} = varintPass(raw)
  const t2 = performance.now()
  return {gunzipMs: t1 - t0, varintMs: t2 - t1, floorMs: t2 - t0, rawBytes: raw.length, varints: count, sum}
}
window.floorReady = true
</script>
`

/**
 * @typedef {{gunzipMs: number, varintMs: number, floorMs: number, rawBytes: number, varints: number}} FloorResult
 */

/**
 * One floor measurement in a fresh context (cold JIT, like a first load in the app).
 * @param {import('@playwright/test').Browser} browser
 * @param {string} baseURL
 * @param {string} fileName served under /__bench/files/
 * @param {number} timeoutMs
 * @returns {Promise<FloorResult>}
 */
export async function measureFloor(browser, baseURL, fileName, timeoutMs) {
  const context = await browser.newContext()
  try {
    const page = await context.newPage()
    page.setDefaultTimeout(timeoutMs)
    await page.goto(`${baseURL}/__bench/floor.html`)
    await page.waitForFunction(() => /** @type {any} */ (window).floorReady === true)
    return await page.evaluate((url) => /** @type {any} */ (window).floorRun(url), `/__bench/files/${fileName}`)
  } finally {
    await context.close()
  }
}

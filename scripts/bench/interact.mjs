// Interaction latency on a loaded profile: sample-type switch, search and zoom, each timed
// from the input event to the next frame with the chart updated (the app marks
// `heapscope:frame` in the animation frame after each update of the flame chart).

import {readFileSync} from 'node:fs'
import {fileURLToPath} from 'node:url'
import {gunzipSync} from 'node:zlib'
import protobuf from 'protobufjs'

const PROTO = fileURLToPath(new URL('../../proto/profile.proto', import.meta.url))

/**
 * @typedef {object} Interactions
 * @property {number | null} switchMs sample type changed → frame drawn
 * @property {number | null} searchMs search typed → frame drawn
 * @property {number | null} zoomMs frame clicked → frame drawn
 */

/**
 * A search pattern matching about `target` (1%) of the profile's distinct function names:
 * the closest among `.Verb$` method names, `/noun.` packages and `Type).` receivers.
 * @param {string} file a gzipped profile
 * @param {number} [target]
 * @returns {Promise<{pattern: string, fraction: number}>}
 */
export async function pickSearchPattern(file, target = 0.01) {
  const root = await protobuf.load(PROTO)
  const Profile = root.lookupType('perftools.profiles.Profile')
  const p = /** @type {any} */ (Profile.decode(gunzipSync(readFileSync(file))))
  const names = [...new Set(p.function.map((/** @type {any} */ f) => p.stringTable[Number(f.name)]))]
  /** @type {Set<string>} */
  const candidates = new Set()
  for (const name of names) {
    const method = /\.([A-Z][A-Za-z]*)$/.exec(name)
    if (method) candidates.add(`\\.${method[1]}$`)
    const pkg = /\/([a-z]+)\.[^/]*$/.exec(name)
    if (pkg) candidates.add(`/${pkg[1]}\\.`)
    const type = /\(\*?([A-Z][A-Za-z]*)\)\./.exec(name)
    if (type) candidates.add(`${type[1]}\\)\\.`)
  }
  let best = {pattern: '', fraction: 0}
  for (const pattern of [...candidates].sort()) {
    const re = new RegExp(pattern)
    const fraction = names.filter((n) => re.test(n)).length / names.length
    if (best.pattern === '' || Math.abs(fraction - target) < Math.abs(best.fraction - target)) {
      best = {pattern, fraction}
    }
  }
  return best
}

/**
 * Times a sample-type switch, a search and a zoom in the app on `page` (a profile is shown).
 * Each is done once, on data not seen before (no cached result).
 * @param {import('@playwright/test').Page} page
 * @param {string} pattern search pattern
 * @param {number} timeoutMs
 * @returns {Promise<Interactions>}
 */
export async function measureInteractions(page, pattern, timeoutMs) {
  return page.evaluate(async ({pattern, timeoutMs}) => {
    /** Resolves with ms from t0 to the first heapscope:frame mark after t0. */
    const nextFrame = (/** @type {number} */ t0) => new Promise((resolve) => {
      const done = (/** @type {number | null} */ v) => {
        observer.disconnect()
        clearTimeout(timer)
        resolve(v)
      }
      const observer = new PerformanceObserver((list) => {
        const m = list.getEntries().find((e) => e.name === 'heapscope:frame' && e.startTime >= t0)
        if (m) done(m.startTime - t0)
      })
      observer.observe({type: 'mark'})
      const timer = setTimeout(() => done(null), timeoutMs)
    })
    const settle = () => new Promise((r) => setTimeout(r, 300))
    /** @type {Record<string, number | null>} */
    const out = {switchMs: null, searchMs: null, zoomMs: null}

    const select = /** @type {HTMLSelectElement | null} */ (document.querySelector('select[aria-label="Sample type"]'))
    if (select) {
      const other = [...select.options].map((o) => o.value).find((v) => v !== select.value && v.startsWith('alloc_space')) ??
        [...select.options].map((o) => o.value).find((v) => v !== select.value)
      if (other) {
        const t0 = performance.now()
        const frame = nextFrame(t0)
        select.value = other
        select.dispatchEvent(new Event('change', {bubbles: true}))
        out.switchMs = /** @type {number | null} */ (await frame)
        await settle()
      }
    }

    const input = /** @type {HTMLInputElement | null} */ (document.querySelector('input[aria-label="Search"]'))
    if (input) {
      const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')?.set
      const t0 = performance.now()
      const frame = nextFrame(t0)
      setValue?.call(input, pattern)
      input.dispatchEvent(new Event('input', {bubbles: true}))
      out.searchMs = /** @type {number | null} */ (await frame)
      await settle()
    }

    // The widest frame two levels below the root.
    const frames = [...document.querySelectorAll('[data-testid="flame-chart"] g.frame')]
    const rows = frames.map((g) => Number(/translate\([^,]+,\s*([-\d.e]+)\)/.exec(g.getAttribute('transform') ?? '')?.[1] ?? NaN))
    const levels = [...new Set(rows.filter((y) => !Number.isNaN(y)))].sort((a, b) => a - b)
    const level = levels[Math.min(2, levels.length - 1)]
    let target = null
    let widest = -1
    frames.forEach((g, i) => {
      const w = Number(g.querySelector('rect')?.getAttribute('width') ?? 0)
      if (rows[i] === level && w > widest) {
        widest = w
        target = g
      }
    })
    if (target) {
      const el = /** @type {Element} */ (target)
      const t0 = performance.now()
      const frame = nextFrame(t0)
      el.dispatchEvent(new MouseEvent('click', {bubbles: true}))
      out.zoomMs = /** @type {number | null} */ (await frame)
    }
    return out
  }, {pattern, timeoutMs})
}

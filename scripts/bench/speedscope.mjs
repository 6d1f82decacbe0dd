// Optional comparison with speedscope (https://www.speedscope.app), which also opens gzipped
// pprof files in the browser. Used only when the `speedscope` npm package is installed;
// its release build is served at /__speedscope/ and pointed at the file with #profileURL=.

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

/**
 * Time from navigation until speedscope has imported the profile: it then sets the title
 * to "<name> - speedscope".
 * @param {import('@playwright/test').Browser} browser
 * @param {string} baseURL
 * @param {string} fileName served under /__bench/files/
 * @param {number} timeoutMs
 * @returns {Promise<number>} ms
 */
export async function runSpeedscope(browser, baseURL, fileName, timeoutMs) {
  const context = await browser.newContext({viewport: {width: 1280, height: 800}})
  try {
    const page = await context.newPage()
    const profileURL = encodeURIComponent(`${baseURL}/__bench/files/${fileName}`)
    await page.goto(`${baseURL}/__speedscope/index.html#profileURL=${profileURL}&title=${encodeURIComponent(fileName)}`)
    await page.waitForFunction(() => / - speedscope$/.test(document.title) && document.querySelector('canvas') !== null, null,
      {timeout: timeoutMs, polling: 50})
    return await page.evaluate(() => performance.now())
  } finally {
    await context.close()
  }
}

import {chromium} from '@playwright/test'
import {CHROMIUM_ARGS, findSystemChromium} from '../find-browser.mjs'

/**
 * Launches headless Chromium (a system one if present, else Playwright's own) with precise
 * performance.memory and gc() exposed.
 * @param {{headed?: boolean}} [opts]
 * @returns {Promise<{browser: import('@playwright/test').Browser, label: string}>}
 */
export async function launchBrowser(opts = {}) {
  const executablePath = findSystemChromium() ?? undefined
  const args = [
    ...CHROMIUM_ARGS,
    // without it performance.memory is bucketed and updated only every few seconds
    '--enable-precise-memory-info',
    '--js-flags=--expose-gc',
  ]
  try {
    const browser = await chromium.launch({executablePath, args, headless: !opts.headed})
    return {browser, label: `${executablePath ?? 'playwright chromium'} ${browser.version()}`}
  } catch (err) {
    const hint = executablePath
      ? ''
      : '\nNo system Chromium: on Debian run `apt-get update && apt-get install -y chromium`, elsewhere `npx playwright install chromium`.'
    throw new Error(`cannot launch Chromium: ${err instanceof Error ? err.message.split('\n')[0] : err}${hint}`)
  }
}

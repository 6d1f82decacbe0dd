// Where is a Chromium that Playwright can drive? Shared by playwright.config.ts, the bench and
// scripts/ensure-browser.mjs. Order: $HEAPSCOPE_CHROMIUM, a system Chromium (Debian/Ubuntu
// packages), then Playwright's own downloaded browser. null when there is none.
import {existsSync} from 'node:fs'

const SYSTEM_CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/snap/bin/chromium']

/** Path of a system Chromium to use through launchOptions.executablePath, or null. */
export function findSystemChromium() {
  const fromEnv = process.env.HEAPSCOPE_CHROMIUM
  if (fromEnv && existsSync(fromEnv)) return fromEnv
  return SYSTEM_CANDIDATES.find((p) => existsSync(p)) ?? null
}

/** Arguments for a headless Chromium in a container: no sandbox as root, no network chatter. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
]

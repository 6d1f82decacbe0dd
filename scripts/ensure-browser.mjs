// Make sure the end-to-end tests have a Chromium: a system one (Debian's `chromium` package, as on
// CI), else Playwright's own; install one only when none is found.
import {execSync} from 'node:child_process'
import {existsSync} from 'node:fs'
import {chromium} from '@playwright/test'
import {findSystemChromium} from './find-browser.mjs'

function playwrightBrowser() {
  try {
    const p = chromium.executablePath()
    return p && existsSync(p) ? p : null
  } catch {
    return null
  }
}

const found = findSystemChromium() ?? playwrightBrowser()
if (found) {
  console.log(`browser: ${found}`)
} else if (process.platform === 'linux' && process.getuid?.() === 0 && existsSync('/usr/bin/apt-get')) {
  // Root on Debian/Ubuntu (CI): the distribution's Chromium; Playwright's download is not reachable.
  console.log('browser: none found, installing Debian chromium')
  execSync('apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium', {
    stdio: 'inherit',
  })
} else {
  console.log('browser: none found, running `npx playwright install chromium`')
  execSync('npx playwright install chromium', {stdio: 'inherit'})
}

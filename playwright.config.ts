import {defineConfig, devices} from '@playwright/test'
import {CHROMIUM_ARGS, findSystemChromium} from './scripts/find-browser.mjs'

const systemChromium = findSystemChromium()
// HEAPSCOPE_E2E_PORT lets two runs (two developers on one machine) use their own server.
const port = Number(process.env.HEAPSCOPE_E2E_PORT ?? 4173)

export default defineConfig({
  testDir: 'e2e',
  timeout: 60_000,
  expect: {timeout: 15_000},
  fullyParallel: false,
  workers: process.env.CI ? 1 : 2,
  retries: 0,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}/`,
    trace: 'retain-on-failure',
    viewport: {width: 1280, height: 800},
  },
  projects: [
    {
      name: 'chromium',
      use: {
        ...devices['Desktop Chrome'],
        viewport: {width: 1280, height: 800},
        // A system Chromium when there is one (CI, Debian); otherwise Playwright's own browser.
        launchOptions: systemChromium ? {executablePath: systemChromium, args: CHROMIUM_ARGS} : {},
      },
    },
  ],
  // The tests drive the built page, as users get it.
  webServer: {
    command: `npx vite build && npx vite preview --host 127.0.0.1 --port ${port} --strictPort`,
    url: `http://127.0.0.1:${port}/`,
    reuseExistingServer: !process.env.CI,
    timeout: 180_000,
  },
})

import {expect, test} from '@playwright/test'
import {fixture, frameNamed, frames} from './helpers'
import {type Launcher, serveProfiles, startLauncher, type TestServer} from './servers'

// `npm start -- <profile> [--base <profile>]`, run as a child process on a free port.
let launcher: Launcher | null = null
test.afterEach(async () => {
  await launcher?.stop()
  launcher = null
})

test.describe('the launcher', () => {
  test('serves a profile and its base and opens them as a comparison', async ({page}) => {
    launcher = await startLauncher([
      fixture('leak/heap-005.pb.gz'),
      '--base',
      fixture('leak/heap-000.pb.gz'),
    ])
    const hash = '#url=profiles/0/heap-005.pb.gz&base=profiles/1/heap-000.pb.gz'
    expect(launcher.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#/)
    expect(launcher.url.slice(launcher.url.indexOf('#'))).toBe(hash)
    await page.goto(launcher.url)
    await expect(page.getByTestId('base-name')).toHaveText('heap-000.pb.gz')
    await expect(page.getByTestId('profile-header')).toContainText('heap-005.pb.gz')
    await expect(frameNamed(page, 'main.leakyCachePut')).toBeVisible()
  })

  test('fetches a profile URL itself, so the server needs no CORS', async ({page}) => {
    const server: TestServer = await serveProfiles()
    try {
      launcher = await startLauncher([`${server.origin}/nocors/heap/heap.pb.gz`])
      expect(launcher.output()).toContain('fetched heap.pb.gz')
      await page.goto(launcher.url)
      await expect(frameNamed(page, 'main.buildTree')).toBeVisible()
    } finally {
      await server.close()
    }
  })

  test('with no profile opens the bundled sample', async ({page}) => {
    launcher = await startLauncher([])
    expect(launcher.url).toMatch(/\/#sample$/)
    await page.goto(launcher.url)
    await expect(page.getByTestId('profile-header')).toContainText('heap.pb.gz')
    await expect(frames(page).first()).toBeVisible()
  })

  test('refuses a missing file with a message', async () => {
    await expect(startLauncher(['no-such-file.pb.gz'])).rejects.toThrow(/no such file/)
  })
})

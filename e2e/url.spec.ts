import {expect, test} from '@playwright/test'
import {frameNamed, frames} from './helpers'
import {serveProfiles, type TestServer} from './servers'

// The page is at 127.0.0.1:4173; these profiles come from another port: another origin.
let server: TestServer
test.beforeAll(async () => {
  server = await serveProfiles()
})
test.afterAll(async () => {
  await server.close()
})

const link = (params: Record<string, string>) => './#' + new URLSearchParams(params).toString()

test.describe('opening a profile by URL', () => {
  test('#url= from a server that allows cross-origin reads opens it', async ({page}) => {
    await page.goto(link({url: `${server.origin}/cors/heap/heap.pb.gz`, si: 'alloc_space'}))
    const header = page.getByTestId('profile-header')
    await expect(header.locator('[data-field="file"] dd')).toHaveText('heap.pb.gz')
    await expect(page.getByLabel('Sample type')).toHaveValue('alloc_space')
    await expect(frameNamed(page, 'main.buildTree')).toBeVisible()
    // The link stays as it was: nothing was lost while the profile loaded.
    expect(decodeURIComponent(page.url())).toContain(`#url=${server.origin}/cors/heap/heap.pb.gz`)
  })

  test('#url= and &base= open a comparison', async ({page}) => {
    await page.goto(
      link({
        url: `${server.origin}/cors/leak/heap-005.pb.gz`,
        base: `${server.origin}/cors/leak/heap-000.pb.gz`,
      }),
    )
    await expect(page.getByTestId('base-name')).toHaveText('heap-000.pb.gz')
    await expect(page.getByTestId('diff-movement')).toContainText('inuse_space 2.21MB → 12.67MB')
  })

  test('a download shows its progress', async ({page}) => {
    await page.goto(link({url: `${server.origin}/slow/heap/heap.pb.gz`}))
    const status = page.getByRole('status').filter({hasText: 'Downloading'})
    await expect(status).toContainText('heap.pb.gz')
    await expect(status).toContainText(/MB/)
    await expect(frames(page).first()).toBeVisible()
    await expect(status).toHaveCount(0)
  })

  test('a server without CORS headers: the message says so, with a curl command', async ({
    page,
  }) => {
    const url = `${server.origin}/nocors/heap/heap.pb.gz`
    await page.goto(link({url}))
    const alert = page.getByRole('alert')
    await expect(alert).toContainText('does not allow cross-origin reads')
    await expect(alert).toContainText(`curl -o heap.pb.gz '${url}'`)
    // The link is kept, to retry or share.
    expect(decodeURIComponent(page.url())).toContain(`#url=${url}`)
  })

  test('an HTTP error is named', async ({page}) => {
    await page.goto(link({url: `${server.origin}/cors/no-such.pb.gz`}))
    await expect(page.getByRole('alert')).toContainText('HTTP 404')
  })

  test('a server that is not there is named', async ({page}) => {
    await page.goto(link({url: 'http://127.0.0.1:9/heap.pb.gz'}))
    await expect(page.getByRole('alert')).toContainText('could not connect to http://127.0.0.1:9')
  })

  test('the Open URL field opens a profile and puts it in the link', async ({page}) => {
    await page.goto('./')
    await page.getByLabel('Profile URL').fill(`${server.origin}/cors/cpu/cpu.pb.gz`)
    await page.getByRole('button', {name: 'Open URL'}).click()
    await expect(page.getByLabel('Sample type')).toHaveValue('cpu')
    await expect(frames(page).first()).toBeVisible()
    expect(decodeURIComponent(page.url())).toContain(`#url=${server.origin}/cors/cpu/cpu.pb.gz`)
    // And from the toolbar, with a profile open: a base by URL.
    await page.getByLabel('More ways to open').click()
    await page.getByLabel('Profile URL').fill(`${server.origin}/cors/leak/heap-005.pb.gz`)
    await page.getByLabel('Base URL').fill(`${server.origin}/cors/leak/heap-000.pb.gz`)
    await page.getByRole('button', {name: 'Open URL'}).click()
    await expect(page.getByTestId('base-name')).toHaveText('heap-000.pb.gz')
    await page.goBack()
    await expect(page.getByLabel('Sample type')).toHaveValue('cpu')
    await expect(page.getByTestId('compare-bar')).toHaveCount(0)
  })
})

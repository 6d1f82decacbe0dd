import {expect, type Page, test} from '@playwright/test'
import {fixture, frameNamed, frames, openFixture} from './helpers'

const hash = (page: Page) => page.evaluate(() => location.hash)

async function openSampleLink(page: Page, extra = '') {
  await page.goto(`./#sample${extra}`)
  await expect(page.getByTestId('profile-header')).toContainText('heap.pb.gz')
  await expect(frames(page).first()).toBeVisible()
}

test.describe('the view in the URL', () => {
  test('sample type, zoom, search and view survive a reload', async ({page}) => {
    await openSampleLink(page)
    await page.getByLabel('Sample type').selectOption('alloc_space')
    await frameNamed(page, 'main.(*server).handle').click()
    await expect(page.getByTestId('zoom-status')).toContainText('main.(*server).handle')
    await page.getByLabel('Search').fill('json|Sprintf')
    await expect.poll(() => hash(page)).toContain('q=json%7CSprintf')
    expect(await hash(page)).toBe(
      '#sample&si=alloc_space&q=json%7CSprintf&z=main.main.func1&z=main.(*server).handle',
    )

    await page.reload()
    await expect(page.getByLabel('Sample type')).toHaveValue('alloc_space')
    await expect(page.getByTestId('zoom-status')).toContainText('main.(*server).handle')
    await expect(page.getByLabel('Search')).toHaveValue('json|Sprintf')
    await expect(page.getByTestId('search-summary')).toBeVisible()

    await page.getByRole('tab', {name: 'Top'}).click()
    await expect.poll(() => hash(page)).toContain('view=top')
    await page.reload()
    await expect(page.getByRole('tab', {name: 'Top'})).toHaveAttribute('aria-selected', 'true')
    await expect(page.getByLabel('Sample type')).toHaveValue('alloc_space')
  })

  test('back and forward step through views and zooms, not search keystrokes', async ({page}) => {
    await openSampleLink(page)
    const start = await page.evaluate(() => history.length)
    await page.getByLabel('Sample type').selectOption('alloc_space')
    await frameNamed(page, 'main.(*server).handle').click()
    await expect(page.getByTestId('zoom-status')).toBeVisible()
    await page.getByLabel('Search').pressSequentially('json', {delay: 50})
    await expect.poll(() => hash(page)).toContain('q=json')
    // Two entries (sample type, zoom); the four keystrokes rewrote the last one.
    expect(await page.evaluate(() => history.length)).toBe(start + 2)

    await page.goBack()
    await expect(page.getByTestId('zoom-status')).toHaveCount(0)
    await expect(page.getByLabel('Sample type')).toHaveValue('alloc_space')
    await expect(page.getByLabel('Search')).toHaveValue('')
    await page.goBack()
    await expect(page.getByLabel('Sample type')).toHaveValue('inuse_space')
    await page.goForward()
    await page.goForward()
    await expect(page.getByTestId('zoom-status')).toContainText('main.(*server).handle')
    await expect(page.getByLabel('Search')).toHaveValue('json')
    await expect(page.getByLabel('Sample type')).toHaveValue('alloc_space')
  })

  test('a comparison keeps its base and options in the link', async ({page}) => {
    await page.goto('./')
    await openFixture(page, 'leak/heap-005.pb.gz')
    // Changes that follow each other within the hash writer's debounce share one history entry:
    // let the profile-alone view get its own before opening the base.
    await expect.poll(() => hash(page)).toBe('#file=heap-005.pb.gz')
    await page.getByLabel('Open base profile').setInputFiles(fixture('leak/heap-000.pb.gz'))
    await expect(page.getByTestId('base-name')).toHaveText('heap-000.pb.gz')
    await page.getByLabel('Comparison').selectOption('diff_base')
    await expect
      .poll(() => hash(page))
      .toBe('#file=heap-005.pb.gz&basefile=heap-000.pb.gz&diff=diff_base')
    // Back to the profile alone, then forward to the comparison again (from memory).
    let steps = 0
    while (steps < 4 && (await hash(page)) !== '#file=heap-005.pb.gz') {
      await page.goBack()
      steps++
    }
    expect(await hash(page)).toBe('#file=heap-005.pb.gz')
    await expect(page.getByTestId('compare-bar')).toHaveCount(0)
    for (let i = 0; i < steps; i++) await page.goForward()
    await expect(page.getByTestId('base-name')).toHaveText('heap-000.pb.gz')
    await expect(page.getByLabel('Comparison')).toHaveValue('diff_base')
  })

  test('a link whose base is a local file waits for it, then compares', async ({page}) => {
    await page.goto('./#sample&basefile=heap-000.pb.gz&view=changes&si=alloc_space')
    await expect(page.getByTestId('profile-header')).toContainText('heap.pb.gz')
    await expect(page.getByLabel('Sample type')).toHaveValue('alloc_space')
    const note = page.getByTestId('link-note')
    await expect(note).toContainText('compares with heap-000.pb.gz, opened from a local file')
    await expect(page.getByTestId('compare-bar')).toHaveCount(0)
    await page.getByLabel('Open base profile').setInputFiles(fixture('leak/heap-000.pb.gz'))
    await expect(page.getByTestId('base-name')).toHaveText('heap-000.pb.gz')
    await expect(page.getByRole('tab', {name: 'What changed'})).toHaveAttribute(
      'aria-selected',
      'true',
    )
    await expect(note).toHaveCount(0)
    // In a new page (which has not seen the file), another profile instead: the note goes.
    await page.goto('about:blank')
    await page.goto('./#sample&basefile=heap-000.pb.gz')
    await expect(note).toBeVisible()
    await openFixture(page, 'leak/heap-001.pb.gz')
    await expect(note).toHaveCount(0)
  })

  test('a link to a local file says so, and applies once the file is opened', async ({page}) => {
    await page.goto('./')
    await openFixture(page, 'heap/heap.pb.gz')
    await page.getByLabel('Sample type').selectOption('alloc_objects')
    await expect.poll(() => hash(page)).toBe('#file=heap.pb.gz&si=alloc_objects')
    await page.reload()
    await expect(page.getByTestId('link-note')).toContainText('heap.pb.gz')
    await openFixture(page, 'heap/heap.pb.gz')
    await expect(page.getByLabel('Sample type')).toHaveValue('alloc_objects')
    await expect(page.getByTestId('link-note')).toHaveCount(0)
  })

  test('Copy link puts the current URL on the clipboard', async ({page, context}) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write'])
    await openSampleLink(page)
    await page.getByLabel('Search').fill('buildTree')
    await page.getByText('Export', {exact: true}).click()
    await page.getByRole('menuitem', {name: 'Copy link'}).click()
    await expect(page.getByTestId('share-status')).toContainText('Link copied')
    const copied = await page.evaluate(() => navigator.clipboard.readText())
    expect(copied).toBe(page.url())
    expect(copied).toMatch(/#sample&q=buildTree$/)
  })
})

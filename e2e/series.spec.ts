import {expect, test} from '@playwright/test'
import {fixture, frameNamed, openFixture} from './helpers'

const SNAPSHOTS = [0, 1, 2, 3, 4, 5].map((i) => fixture(`leak/heap-00${i}.pb.gz`))

test.describe('a series of snapshots', () => {
  test('opening several snapshots shows a timeline and ranks the leak first', async ({page}) => {
    await page.goto('./')
    // Given out of order: the series is ordered by capture time, then file name.
    await page.getByLabel('Open profile').setInputFiles([...SNAPSHOTS].reverse())
    const bars = page.getByTestId('timeline').locator('.timeline-bar')
    await expect(bars).toHaveCount(6)
    await expect(bars.nth(0)).toContainText('heap-000.pb.gz')
    await expect(bars.nth(0)).toHaveAttribute('data-role', 'base')
    await expect(bars.nth(5)).toHaveAttribute('data-role', 'current')
    // The timeline's totals are pprof's inuse_space totals of each snapshot.
    await expect(bars.nth(0)).toHaveAttribute('data-value', '2321296')
    await expect(page.getByTestId('base-name')).toHaveText('heap-000.pb.gz')

    await page.getByRole('tab', {name: 'Leak suspects'}).click()
    const names = page.getByTestId('leaks-table').locator('tbody td.name button')
    await expect(names.first()).toHaveText('main.leakyCachePut')
    const top3 = (await names.allTextContents()).slice(0, 3)
    expect(top3).not.toContain('main.steadyRing')
    expect(top3).not.toContain('main.churn')

    // A click opens the site in the flame graph, first snapshot as base, last as current.
    await names.first().click()
    await expect(page.getByRole('tab', {name: 'Flame graph'})).toHaveAttribute('aria-selected', 'true')
    await expect(page.getByLabel('Search')).toHaveValue('^main\\.leakyCachePut$')
    await expect(page.getByTestId('diff-legend')).toBeVisible()
    await expect(frameNamed(page, 'main.leakyCachePut').locator('rect')).toHaveAttribute(
      'fill',
      '#e600e6',
    )
  })

  test('click a snapshot to show it, shift-click to make it the base', async ({page}) => {
    await page.goto('./')
    await page.getByLabel('Open profile').setInputFiles(SNAPSHOTS)
    const bars = page.getByTestId('timeline').locator('.timeline-bar')
    await bars.nth(3).click()
    await expect(bars.nth(3)).toHaveAttribute('data-role', 'current')
    await expect(page.getByTestId('profile-header')).toContainText('heap-003.pb.gz')
    await bars.nth(2).click({modifiers: ['Shift']})
    await expect(bars.nth(2)).toHaveAttribute('data-role', 'base')
    await expect(page.getByTestId('base-name')).toHaveText('heap-002.pb.gz')
  })
})

test.describe('allocation hints', () => {
  test('the Hints panel names the user functions behind common allocation shapes', async ({
    page,
  }) => {
    await page.goto('./')
    await openFixture(page, 'heap/heap.pb.gz')
    await page.getByRole('tab', {name: 'Hints'}).click()
    const hints = page.getByTestId('hints')
    await expect(
      hints.locator('.hint[data-kind="fmt-loop"] .hint-fn', {hasText: /^main\.formatKeys$/}),
    ).toHaveCount(1)
    await expect(
      hints.locator('.hint[data-kind="json-map"] .hint-fn, .hint[data-kind="json"] .hint-fn', {
        hasText: /^main\.decodeBody$/,
      }),
    ).not.toHaveCount(0)
    await expect(hints).toContainText('bytes.Buffer')
    await expect(hints).toContainText('Fix:')
  })

  test('the tooltip of a frame with a hint shows it', async ({page}) => {
    await page.goto('./')
    await openFixture(page, 'heap/heap.pb.gz')
    await page.getByLabel('Sample type').selectOption('alloc_space')
    await frameNamed(page, 'main.formatKeys').hover()
    await expect(page.getByTestId('tooltip-hint')).toContainText('Sprintf')
  })
})

test('Top can show bytes per object and retention per function', async ({page}) => {
  await page.goto('./')
  await openFixture(page, 'heap/heap.pb.gz')
  await page.getByRole('tab', {name: 'Top'}).click()
  await page.getByLabel(/bytes\/object and retention/).check()
  const row = page.locator('table.top-table tbody tr').first()
  await expect(row.locator('td.name')).toHaveText('main.buildTree')
  // 585600 B in use in 13950 objects; 585600 of 1264800 B allocated still in use (pprof -top).
  await expect(row.locator('td').nth(5)).toHaveText('42B')
  await expect(row.locator('td').nth(6)).toHaveText('46%')
})

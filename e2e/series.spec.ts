import {spawnSync} from 'node:child_process'
import {existsSync, mkdirSync, readFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {basename, join} from 'node:path'
import {expect, test} from '@playwright/test'
import {rankLeakSuspects} from '../src/analysis/leaks'
import {orderSeries} from '../src/analysis/series'
import {decodeProfileBytes} from '../src/decode/index'
import {fixture, frameNamed, openFixture} from './helpers'

const SNAPSHOTS = [0, 1, 2, 3, 4, 5].map((i) => fixture(`leak/heap-00${i}.pb.gz`))

// A series of generated heap profiles (scripts/gen-profile.mjs, a second or two each, kept in
// the temp directory): six of 30,000 samples (2 MB each) take the leak ranking well over half a
// second, which used to freeze the page.
const GENERATED_DIR = join(tmpdir(), 'heapscope-e2e')
const GENERATED = [1, 2, 3, 4, 5, 6].map((n) => join(GENERATED_DIR, `series-30k-${n}.pb.gz`))

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

/** What the page did while it ranked (times from performance.now()). */
interface Watch {
  /** Animation frames. */
  frames: number[]
  /** The progress messages, in order. */
  progress: string[]
  /** When the progress first showed, and the table. */
  shown: number
  table: number
}

test.describe('a series of big snapshots', () => {
  test.beforeAll(() => {
    mkdirSync(GENERATED_DIR, {recursive: true})
    const script = new URL('../scripts/gen-profile.mjs', import.meta.url).pathname
    GENERATED.forEach((file, i) => {
      if (existsSync(file)) return
      const args = [script, '--samples', '30000', '--seed', String(i + 1), '--out', file]
      const r = spawnSync(process.execPath, args)
      if (r.status !== 0) throw new Error(`gen-profile.mjs failed: ${r.stderr}`)
    })
  })

  test('Leak suspects ranks them in steps: the page answers, then shows the ranking', async ({
    page,
  }) => {
    await page.goto('./')
    await page.getByLabel('Open profile').setInputFiles(GENERATED)
    await expect(page.getByTestId('timeline').locator('.timeline-bar')).toHaveCount(6, {
      timeout: 30_000,
    })
    // What the page does from the click on: when the progress and the table first show, and
    // every animation frame it paints.
    await page.evaluate(() => {
      const w = window as unknown as {__leaks: Watch}
      w.__leaks = {frames: [], progress: [], shown: 0, table: 0}
      new MutationObserver(() => {
        const status = document.querySelector('[data-testid="view-progress"]')?.textContent
        if (status && w.__leaks.progress.at(-1) !== status) w.__leaks.progress.push(status)
        if (status && !w.__leaks.shown) w.__leaks.shown = performance.now()
        if (!w.__leaks.table && document.querySelector('[data-testid="leaks-table"] tbody tr')) {
          w.__leaks.table = performance.now()
        }
      }).observe(document.body, {subtree: true, childList: true, characterData: true})
      const frame = (t: number) => {
        w.__leaks.frames.push(t)
        if (!w.__leaks.table) requestAnimationFrame(frame)
      }
      requestAnimationFrame(frame)
    })
    await page.getByRole('tab', {name: 'Leak suspects'}).click()
    // The page answers before the ranking is there: it paints a frame, and shows the progress.
    const answered = await page.evaluate(
      () =>
        new Promise<boolean>((resolve) =>
          requestAnimationFrame(() =>
            resolve(document.querySelector('[data-testid="leaks-table"]') === null),
          ),
        ),
    )
    expect(answered).toBe(true)

    // The ranking, when it comes, is rankLeakSuspects' on the same files.
    const expected = rankLeakSuspects(
      orderSeries(
        GENERATED.map((f) => decodeProfileBytes(new Uint8Array(readFileSync(f)), basename(f))),
      ),
      {by: 'function', limit: 50},
    )
    const names = page.getByTestId('leaks-table').locator('tbody td.name button')
    await expect(names).toHaveCount(expected.rows.length, {timeout: 20_000})
    await expect(names).toHaveText(expected.rows.map((r) => r.name))
    await expect(page.getByTestId('view-progress')).toHaveCount(0)
    await expect(page.locator('.leaks-view .changes-toolbar')).toContainText(
      `${expected.candidates.toLocaleString('en-US')} functions ranked over 6 snapshots`,
    )
    // It showed its progress, and frames kept coming while it ranked: never a second without.
    const {frames, progress, shown, table} = await page.evaluate(
      () => (window as unknown as {__leaks: Watch}).__leaks,
    )
    expect(progress[0]).toMatch(/^Ranking leak suspects… \d+ of 6 snapshots/)
    expect(shown).toBeGreaterThan(0)
    const ranking = [shown, ...frames.filter((t) => t > shown && t < table), table]
    expect(ranking.length).toBeGreaterThan(4)
    const gaps = ranking.slice(1).map((t, i) => t - ranking[i])
    expect(Math.max(...gaps)).toBeLessThan(1000)
  })
})

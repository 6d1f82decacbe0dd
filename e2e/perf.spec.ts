import {spawnSync} from 'node:child_process'
import {existsSync, mkdirSync, readFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {gunzipSync, gzipSync} from 'node:zlib'
import {type Page, expect, test} from '@playwright/test'
import {computeTop} from '../src/analysis/top'
import {decodeProfileBytesTimed} from '../src/decode/index'
import {fixture, frames, openFixture} from './helpers'

// Generated heap profiles (scripts/gen-profile.mjs, a second or two each, kept in the temp
// directory): 20,000 distinct stacks (1.3 MB gzipped) are big enough to be pruned, 100,000
// (6 MB) take more than half a second to decode.
const DIR = join(tmpdir(), 'heapscope-e2e')
const BIG = join(DIR, 'heap-20k.pb.gz')
const SLOW = join(DIR, 'heap-100k.pb.gz')

test.beforeAll(() => {
  mkdirSync(DIR, {recursive: true})
  const script = new URL('../scripts/gen-profile.mjs', import.meta.url).pathname
  for (const [file, samples] of [[BIG, '20000'], [SLOW, '100000']]) {
    if (existsSync(file)) continue
    const args = [script, '--samples', samples, '--seed', '1', '--out', file]
    const r = spawnSync(process.execPath, args)
    if (r.status !== 0) throw new Error(`gen-profile.mjs failed: ${r.stderr}`)
  }
})

test.describe('big profiles', () => {
  test('load with their stage timings reported, and draw a bounded number of frames', async ({
    page,
  }) => {
    await page.goto('./')
    await page.getByLabel('Open profile').setInputFiles(BIG)
    await expect(page.getByTestId('profile-header')).toContainText('heap-20k.pb.gz')
    await expect(frames(page).first()).toBeVisible()
    // What `npm run bench` reads: every stage, from the worker and from the page.
    const stages = await page.evaluate(() => window.__heapscope?.lastLoad)
    const keys = ['readMs', 'inflateMs', 'decodeMs', 'decodeWorkMs', 'buildMs', 'analysisMs']
    for (const k of [...keys, 'renderMs']) {
      expect(stages?.[k], k).toBeGreaterThanOrEqual(0)
    }
    // The chart gets about a thousand frames at most; the rest are counted, not drawn.
    expect(await frames(page).count()).toBeLessThanOrEqual(1100)
    await expect(page.getByTestId('pruned-count')).toContainText(/frames narrower than \d+ px/)
    // Switch, search and zoom all redraw.
    await page.getByLabel('Sample type').selectOption('alloc_space')
    await page.getByLabel('Search').fill('Handle')
    await expect(page.getByTestId('search-summary')).toContainText('matched')
    await frames(page).nth(2).click()
    await expect(page.getByTestId('zoom-status')).toBeVisible()
  })

  test('a second file cancels the first', async ({page}) => {
    await page.goto('./')
    await page.getByLabel('Open profile').setInputFiles(BIG)
    await page.getByLabel('Open profile').setInputFiles(fixture('heap/heap.pb.gz'))
    const file = page.getByTestId('profile-header').locator('[data-field="file"] dd')
    await expect(file).toHaveText('heap.pb.gz')
    // The first decode was stopped: it never replaces the second.
    await page.waitForTimeout(3000)
    await expect(file).toHaveText('heap.pb.gz')
    await expect(page.getByRole('alert')).toHaveCount(0)
  })

  test('a slow load shows its stage and progress', async ({page}) => {
    await page.goto('./')
    // Seen by a MutationObserver, whatever the timing of the polling.
    await page.evaluate(() => {
      const w = window as unknown as {__statuses: string[]}
      w.__statuses = []
      new MutationObserver(() => {
        const s = document.querySelector('.load-progress')?.textContent
        if (s && w.__statuses.at(-1) !== s) w.__statuses.push(s)
      }).observe(document.body, {subtree: true, childList: true, characterData: true})
    })
    const started = Date.now()
    await page.getByLabel('Open profile').setInputFiles(SLOW)
    await expect(page.getByTestId('profile-header')).toContainText('heap-100k.pb.gz', {
      timeout: 60_000,
    })
    const decoded = await page.evaluate(() => window.__heapscope?.lastLoad?.totalMs ?? 0)
    const statuses = await page.evaluate(
      () => (window as unknown as {__statuses: string[]}).__statuses,
    )
    // A machine fast enough to decode it in well under a second never shows the bar.
    test.skip(decoded < 800, `decoded in ${Math.round(decoded)} ms (${Date.now() - started} ms)`)
    expect(statuses.length).toBeGreaterThan(0)
    for (const s of statuses) {
      expect(s).toMatch(
        /^(Reading|Inflating|Decoding|Building) heap-100k\.pb\.gz( \(.*(MB|%)\))?…$/,
      )
    }
  })
})

test.describe('two cores', () => {
  test('a big profile is built on two threads, with the numbers of one', async ({page}) => {
    await page.goto('./')
    await page.getByLabel('Open profile').setInputFiles(SLOW)
    await expect(page.getByTestId('profile-header')).toContainText('heap-100k.pb.gz', {
      timeout: 60_000,
    })
    // The decode worker's helper worker built part of the stack tree (it does so from 2 million
    // frames on; this profile has about 2.7 million).
    const load = await page.evaluate(() => window.__heapscope?.lastLoad)
    expect(load?.helperJobs).toBeGreaterThan(0)
    // It inflated the file too, while the decode worker parsed it: part of the decoding was
    // done before the inflation ended (not streamed, the two are the same number).
    expect(load?.decodeWorkMs).toBeGreaterThan(load?.decodeMs ?? Infinity)
    // Every row of Top, against the same file decoded on one thread, here in node.
    await expectTopOf(page, new Uint8Array(readFileSync(SLOW)), 20)
  })

  test('files that are not streamed open as they did: nested, two members, text, bad CRC', async ({
    page,
  }) => {
    await page.goto('./')
    const raw = gunzipSync(readFileSync(fixture('heap/heap.pb.gz')))
    // DecompressionStream refuses a wrong CRC at the end; fflate does not check it.
    const badCrc = gzipSync(raw)
    badCrc[badCrc.length - 8] ^= 1
    const files: [string, Buffer][] = [
      ['nested.pb.gz', gzipSync(gzipSync(raw))],
      ['members.pb.gz', Buffer.concat([gzipSync(raw), gzipSync(Buffer.alloc(0))])],
      ['heap.txt.gz', gzipSync(readFileSync(fixture('heap/heap.txt')))],
      ['bad-crc.pb.gz', badCrc],
    ]
    for (const [name, buffer] of files) {
      const input = page.getByLabel('Open profile')
      await input.setInputFiles({name, mimeType: 'application/gzip', buffer})
      const file = page.getByTestId('profile-header').locator('[data-field="file"] dd')
      await expect(file).toHaveText(name)
      // Decoded whole, after the inflation: all the decoding came after it.
      const load = await page.evaluate(() => window.__heapscope?.lastLoad)
      expect(load?.decodeWorkMs).toBe(load?.decodeMs)
      await expectTopOf(page, new Uint8Array(buffer), 5)
      await page.getByRole('tab', {name: 'Flame graph'}).click()
    }
    await expect(page.getByRole('alert')).toHaveCount(0)
  })
})

/** Top as shown equals Top of the same file decoded here in node (at least `min` rows). */
async function expectTopOf(page: Page, bytes: Uint8Array, min: number): Promise<void> {
  await page.getByRole('tab', {name: 'Top'}).click()
  const shown = await page
    .locator('table.top-table tbody tr:not([aria-hidden])')
    .evaluateAll((trs) =>
      trs.map((tr) => {
        const nums = tr.querySelectorAll('td[data-value]')
        const flat = nums[0]?.getAttribute('data-value')
        const cum = nums[3]?.getAttribute('data-value')
        return `${tr.querySelector('td.name')?.textContent} ${flat} ${cum}`
      }),
    )
  const {profile} = decodeProfileBytesTimed(bytes, 'node')
  const top = computeTop(profile, profile.defaultSampleType)
  expect(shown.length).toBeGreaterThan(min)
  const expected = top.rows.map((r) => {
    const name = r.annotation ? `${r.name} (${r.annotation})` : r.name
    return `${name} ${r.flat} ${r.cum}`
  })
  expect(shown).toEqual(expected.slice(0, shown.length))
}

test.describe('the decompressed-size limit', () => {
  test('is set in Settings, and a file over it is refused with the view kept', async ({page}) => {
    await page.goto('./')
    await openFixture(page, 'heap/heap.pb.gz')
    await page.getByTitle('Settings', {exact: true}).click()
    const limit = page.getByLabel('Decompressed size limit (MiB)')
    await expect(limit).toHaveValue('1024')
    await limit.fill('1')
    await page.keyboard.press('Escape')
    // 4 MiB of zeros gzip to about 4 kB: a small bomb against a 1 MiB limit.
    await page.getByLabel('Open profile').setInputFiles({
      name: 'bomb.pb.gz',
      mimeType: 'application/gzip',
      buffer: gzipSync(Buffer.alloc(4 * 1024 * 1024)),
    })
    const alert = page.getByRole('alert')
    await expect(alert).toContainText('bomb.pb.gz')
    await expect(alert).toContainText('more than 1 MiB, the limit')
    await expect(page.getByTestId('profile-header')).toContainText('heap.pb.gz')
    await expect(frames(page).first()).toBeVisible()
    // Back to the default.
    await page.getByTitle('Settings', {exact: true}).click()
    await page.getByRole('button', {name: /Reset to 1024 MiB/}).click()
    await expect(limit).toHaveValue('1024')
  })
})

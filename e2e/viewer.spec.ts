import {gzipSync} from 'node:zlib'
import {type Page, expect, test} from '@playwright/test'
import {fixture, frameNamed, frames, openFixture, readTopOracle, topTableCells} from './helpers'

test.describe('opening profiles', () => {
  test('the welcome page offers a sample, which opens as a flame graph', async ({page}) => {
    await page.goto('./')
    await expect(page.getByRole('heading', {name: 'heapscope'})).toBeVisible()
    await page.getByRole('button', {name: 'Try a sample heap profile'}).click()
    await expect(page.getByLabel('Sample type')).toHaveValue('inuse_space')
    await expect(frameNamed(page, 'main.buildTree')).toBeVisible()
  })

  test('#sample opens the bundled sample at once', async ({page}) => {
    await page.goto('./#sample')
    await expect(page.getByTestId('profile-header')).toContainText('heap.pb.gz')
    await expect(frames(page).first()).toBeVisible()
  })

  test('a file dropped anywhere on the page opens, with its header and marks', async ({page}) => {
    await page.goto('./')
    await page.locator('main').drop({files: fixture('heap/heap.pb.gz')})
    const header = page.getByTestId('profile-header')
    await expect(header.locator('[data-field="file"] dd')).toHaveText('heap.pb.gz')
    await expect(header.locator('[data-field="kind"] dd')).toHaveText('heap')
    await expect(header.locator('[data-field="type"] dd')).toHaveText('inuse_space')
    await expect(header.locator('[data-field="total"] dd')).toHaveText('987.12kB')
    await expect(header.locator('[data-field="samples"] dd')).toHaveText('278')
    await expect(header.locator('[data-field="functions"] dd')).toHaveText('117')
    await expect(header.locator('[data-field="time"] dd')).not.toBeEmpty()
    await expect(frameNamed(page, 'main.buildTree')).toBeVisible()
    const marks = await page.evaluate(() =>
      ['heapscope:decoded', 'heapscope:rendered'].map(
        (m) => performance.getEntriesByName(m).length,
      ),
    )
    expect(marks).toEqual([1, 1])
  })

  test('the text heap format (?debug=1) opens with function names', async ({page}) => {
    await page.goto('./')
    await openFixture(page, 'heap/heap.txt')
    await expect(page.getByLabel('Sample type')).toHaveValue('inuse_space')
    await expect(frameNamed(page, 'main.buildTree')).toBeVisible()
  })

  for (const [file, type] of [
    ['cpu/cpu.pb.gz', 'cpu'],
    ['cpu/goroutine.pb.gz', 'goroutine'],
    ['cpu/mutex.pb.gz', 'delay'],
    ['cpu/block.pb.gz', 'delay'],
    ['bench/mem.out', 'alloc_space'],
    ['edge/uncompressed.pb', 'cpu'],
  ]) {
    test(`${file} opens with its default sample type ${type}`, async ({page}) => {
      await page.goto('./')
      await openFixture(page, file)
      await expect(page.getByLabel('Sample type')).toHaveValue(type)
      await expect(frames(page).first()).toBeVisible()
    })
  }
})

test.describe('bad input', () => {
  const cases: [string, RegExp][] = [
    ['edge/not-a-profile.png', /PNG/i],
    ['edge/not-a-profile.txt', /not a pprof profile/i],
    ['edge/random-bytes.pb.gz', /not a pprof profile|malformed|unrecognized/i],
    ['edge/truncated.pb.gz', /unexpected EOF|truncated/i],
    ['edge/bad-string-index.pb.gz', /string|malformed|not a pprof profile/i],
  ]
  for (const [file, reason] of cases) {
    test(`${file} is refused with an alert; the previous view stays`, async ({page}) => {
      await page.goto('./')
      await openFixture(page, 'heap/heap.pb.gz')
      await page.getByLabel('Open profile').setInputFiles(fixture(file))
      const alert = page.getByRole('alert')
      await expect(alert).toContainText(file.split('/').pop()!)
      await expect(alert).toContainText(reason)
      // The previous profile is still on screen...
      await expect(page.getByTestId('profile-header')).toContainText('heap.pb.gz')
      await expect(frameNamed(page, 'main.buildTree')).toBeVisible()
      // ...and the next file opens normally.
      await openFixture(page, 'cpu/cpu.pb.gz')
      await expect(page.getByRole('alert')).toHaveCount(0)
    })
  }

  test('a file that inflates past the size limit is refused', async ({page}) => {
    await page.goto('./#cap=1')
    // 4 MiB of zeros gzip to about 4 kB: a small bomb against a 1 MiB limit.
    const bomb = gzipSync(Buffer.alloc(4 * 1024 * 1024))
    await page.locator('main').drop({
      files: {name: 'bomb.pb.gz', mimeType: 'application/gzip', buffer: bomb},
    })
    const alert = page.getByRole('alert')
    await expect(alert).toContainText('bomb.pb.gz')
    await expect(alert).toContainText(/limit|too large|exceeds/i)
    await openFixture(page, 'heap/heap.pb.gz')
    await expect(page.getByRole('alert')).toHaveCount(0)
  })

  test('hostile function names are shown as text and never run', async ({page}) => {
    let dialogs = 0
    page.on('dialog', (d) => {
      dialogs++
      void d.dismiss()
    })
    await page.goto('./')
    await openFixture(page, 'edge/hostile-names.pb.gz')
    await expect(frames(page).first()).toBeVisible()
    await page.getByRole('tab', {name: 'Top'}).click()
    await expect(page.locator('table.top-table')).toContainText('<img src=x onerror=alert(1)>')
    for (const f of await frames(page).all()) await f.hover({force: true}).catch(() => {})
    await page.getByRole('tab', {name: 'Flame graph'}).click()
    await frames(page).nth(1).hover()
    expect(await page.locator('main img, main script, main svg svg').count()).toBe(0)
    expect(dialogs).toBe(0)
  })
})

test.describe('the Top view', () => {
  for (const type of ['inuse_space', 'inuse_objects', 'alloc_space', 'alloc_objects']) {
    test(`heap.pb.gz ${type}: the table equals go tool pprof -top, flat and cum order`, async ({
      page,
    }) => {
      await page.goto('./')
      await openFixture(page, 'heap/heap.pb.gz')
      await page.getByLabel('Sample type').selectOption(type)
      await page.getByRole('tab', {name: 'Top'}).click()
      const headers = await page.locator('table.top-table thead th').allTextContents()
      expect(headers.map((h) => h.replace(' ▼', ''))).toEqual([
        'flat',
        'flat%',
        'sum%',
        'cum',
        'cum%',
        'name',
      ])
      const byFlat = readTopOracle(`heap/heap.pb.gz.top.${type}.txt`)
      const labels = await page.getByTestId('report-labels').innerText()
      expect(labels).toContain(`Type: ${type}`)
      expect(labels).toContain(byFlat.labels.find((l) => l.startsWith('Showing nodes'))!)
      const expectRows = async (rows: typeof byFlat.rows) =>
        expect(await topTableCells(page)).toEqual(
          rows.map((r) => [r.flat, r.flatPct.trim(), r.sumPct.trim(), r.cum, r.cumPct.trim(), r.name]),
        )
      await expectRows(byFlat.rows)
      await page.getByRole('button', {name: 'cum', exact: true}).click()
      await expectRows(readTopOracle(`heap/heap.pb.gz.topcum.${type}.txt`).rows)
      await page.getByRole('button', {name: 'flat', exact: true}).click()
      await expectRows(byFlat.rows)
    })
  }

  test('numeric cells carry their exact integer values', async ({page}) => {
    await page.goto('./')
    await openFixture(page, 'heap/heap.pb.gz')
    await page.getByRole('tab', {name: 'Top'}).click()
    const first = page.locator('table.top-table tbody tr').first()
    await expect(first.locator('td').nth(0)).toHaveAttribute('data-value', '585600')
    await expect(first.locator('td').nth(5)).toHaveText('main.buildTree')
  })
})

test.describe('the flame graph', () => {
  test('switching the sample type keeps zoom and search', async ({page}) => {
    await page.goto('./')
    await openFixture(page, 'heap/heap.pb.gz')
    await frameNamed(page, 'main.(*server).handle').click()
    await expect(page.getByTestId('zoom-status')).toContainText('main.(*server).handle')
    // The matched totals are pprof's `-focus='json|Sprintf'` totals for this file (`go tool pprof
    // -top -nodecount=1000000 -nodefraction=0 -edgefraction=0 -unit=B -focus=… -sample_index=…`):
    // "Showing nodes accounting for 72552B, 7.18% of 1010808B total" (inuse_space) and
    // "144545, 46.35% of 311870 total" (alloc_objects).
    await page.getByLabel('Search').fill('json|Sprintf')
    const summary = page.getByTestId('search-summary')
    await expect(summary).toHaveAttribute('data-value', '72552')
    await expect(summary).toContainText('7.18%')
    await expect(page.locator('[data-testid="flame-chart"] g.frame rect[fill="#e600e6"]').first()).toBeVisible()
    await page.getByLabel('Sample type').selectOption('alloc_objects')
    await expect(page.getByTestId('zoom-status')).toContainText('main.(*server).handle')
    await expect(page.getByLabel('Search')).toHaveValue('json|Sprintf')
    await expect(summary).toHaveAttribute('data-value', '144545')
    await expect(summary).toContainText('46.35%')
  })

  test('click zooms a frame to the full width; Esc and Reset zoom out', async ({page}) => {
    await page.goto('./')
    await openFixture(page, 'heap/heap.pb.gz')
    const chart = page.getByTestId('flame-chart').locator('svg')
    const chartBox = (await chart.boundingBox())!
    const target = frameNamed(page, 'main.decodeBody')
    const before = (await target.locator('rect').boundingBox())!
    expect(before.width).toBeLessThan(chartBox.width / 2)
    await target.click()
    await expect(page.getByTestId('zoom-status')).toContainText('main.decodeBody')
    await expect
      .poll(async () => (await target.locator('rect').boundingBox())!.width)
      .toBeGreaterThan(chartBox.width * 0.98)
    await page.keyboard.press('Escape')
    await expect(page.getByTestId('zoom-status')).toHaveCount(0)
    await expect
      .poll(async () => (await target.locator('rect').boundingBox())!.width)
      .toBeLessThan(chartBox.width / 2)
    await target.click()
    await expect(page.getByTestId('zoom-status')).toBeVisible()
    await page.getByRole('button', {name: 'Reset zoom'}).click()
    await expect(page.getByTestId('zoom-status')).toHaveCount(0)
  })

  test('hovering a frame shows its full name, file, values and all four heap values', async ({
    page,
  }) => {
    await page.goto('./')
    await openFixture(page, 'heap/heap.pb.gz')
    await frameNamed(page, 'main.buildTree').hover()
    const tip = page.getByTestId('tooltip')
    await expect(tip).toContainText('main.buildTree')
    await expect(tip).toContainText('example.com/heapserver/main.go')
    await expect(tip).toContainText('cum 571.88kB (57.93%)')
    for (const t of ['inuse_space', 'inuse_objects', 'alloc_space', 'alloc_objects', 'bytes/object']) {
      await expect(tip).toContainText(t)
    }
  })

  test('an invalid regular expression shows an inline message', async ({page}) => {
    await page.goto('./')
    await openFixture(page, 'heap/heap.pb.gz')
    await page.getByLabel('Search').fill('main.(')
    await expect(page.getByTestId('search-error')).toBeVisible()
    await expect(frames(page).first()).toBeVisible()
    await page.getByLabel('Search').fill('buildTree')
    await expect(page.getByTestId('search-error')).toHaveCount(0)
  })

  test('the orientation toggle flips the graph', async ({page}) => {
    await page.goto('./')
    await openFixture(page, 'heap/heap.pb.gz')
    const root = frameNamed(page, 'root').locator('rect')
    const leafish = frameNamed(page, 'main.buildTree').locator('rect')
    const icicle = [(await root.boundingBox())!.y, (await leafish.boundingBox())!.y]
    expect(icicle[0]).toBeLessThan(icicle[1])
    await page.getByRole('button', {name: /Icicle/}).click()
    await expect
      .poll(async () => (await root.boundingBox())!.y > (await leafish.boundingBox())!.y)
      .toBe(true)
  })
})

test.describe('the toolbar', () => {
  /** The boxes of the toolbar's visible controls (the hidden file inputs' labels stand for them). */
  async function toolbarControls(page: Page) {
    const boxes = await page.locator('header.toolbar').evaluate((bar) =>
      Array.from(bar.querySelectorAll<HTMLElement>('button, select, input, summary, label.button'))
        .filter((el) => !el.classList.contains('visually-hidden') && el.checkVisibility())
        .map((el) => {
          const r = el.getBoundingClientRect()
          const name = el.getAttribute('aria-label') ?? el.textContent?.trim() ?? el.tagName
          return {name, top: r.top, bottom: r.bottom, left: r.left, right: r.right}
        }),
    )
    return boxes
  }

  /** Every control's vertical middle within every other's top and bottom: one row. */
  function expectOneRow(boxes: Awaited<ReturnType<typeof toolbarControls>>) {
    for (const a of boxes) {
      for (const b of boxes) {
        const middle = (a.top + a.bottom) / 2
        expect(middle, `${a.name} beside ${b.name}`).toBeGreaterThan(b.top)
        expect(middle, `${a.name} beside ${b.name}`).toBeLessThan(b.bottom)
      }
    }
  }

  test('fits on one row at 1280 × 800, also in a comparison; wraps without overflow when narrow', async ({
    page,
  }) => {
    await page.setViewportSize({width: 1280, height: 800})
    await page.goto('./')
    await openFixture(page, 'heap/heap.pb.gz')
    const names = (await toolbarControls(page)).map((b) => b.name)
    for (const name of ['Open…', 'More ways to open', 'Sample type', 'Search', 'Flame graph', 'Top', 'Hints']) {
      expect(names).toContain(name)
    }
    for (const name of ['More views', 'Refine', 'Export', 'Settings']) expect(names).toContain(name)
    expectOneRow(await toolbarControls(page))
    // With a search and its matched total beside the box.
    await page.getByLabel('Search').fill('json|Sprintf')
    await expect(page.getByTestId('search-summary')).toBeVisible()
    expectOneRow(await toolbarControls(page))
    // The flame graph's own controls are beside its status line, not in the toolbar.
    await expect(page.getByRole('button', {name: 'Reset zoom'})).toBeVisible()
    await expect(page.getByRole('button', {name: /Icicle/})).toBeVisible()

    // A comparison adds the What changed tab.
    await page.getByLabel('Search').fill('')
    await page.getByLabel('Open base profile').setInputFiles(fixture('leak/heap-000.pb.gz'))
    await expect(page.getByRole('tab', {name: 'What changed'})).toBeVisible()
    expectOneRow(await toolbarControls(page))

    for (const width of [900, 560]) {
      await page.setViewportSize({width, height: 800})
      await expect
        .poll(() => page.evaluate(() => document.documentElement.scrollWidth))
        .toBeLessThanOrEqual(width)
      const boxes = await toolbarControls(page)
      expect(boxes.length).toBeGreaterThan(10)
      for (const b of boxes) {
        expect(b.left, b.name).toBeGreaterThanOrEqual(0)
        expect(b.right, b.name).toBeLessThanOrEqual(width)
      }
      // Wrapped, not squeezed onto one row.
      expect(new Set(boxes.map((b) => Math.round(b.top))).size).toBeGreaterThan(1)
    }
  })
})

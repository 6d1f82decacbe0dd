import {readFileSync} from 'node:fs'
import {expect, type Page, test} from '@playwright/test'
import {fixture, frameNamed, frames, openFixture, topTableCells} from './helpers'

/** Clicks an Export menu item; returns the downloaded file's name and bytes. */
async function exportAs(page: Page, item: string): Promise<{name: string; bytes: Buffer}> {
  await page.getByText('Export', {exact: true}).click()
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('menuitem', {name: item}).click(),
  ])
  const path = await download.path()
  return {name: download.suggestedFilename(), bytes: readFileSync(path)}
}

/** Parses SVG text in the page: its title, frame count and labels, or the parser's error. */
function parseSvg(page: Page, text: string) {
  return page.evaluate((svg) => {
    const doc = new DOMParser().parseFromString(svg, 'image/svg+xml')
    const error = doc.querySelector('parsererror')?.textContent ?? null
    return {
      error,
      root: doc.documentElement.localName,
      title: doc.querySelector('svg > title')?.textContent ?? '',
      frames: doc.querySelectorAll('g > svg').length,
      tooltips: Array.from(doc.querySelectorAll('g > svg > title'), (t) => t.textContent ?? ''),
      scripts: doc.querySelectorAll('script, foreignObject').length,
    }
  }, text)
}

test.describe('exports', () => {
  test('the flame graph as SVG parses and names profile and sample type', async ({page}) => {
    await page.goto('./#sample&si=alloc_space')
    await expect(frameNamed(page, 'main.buildTree')).toBeVisible()
    await frameNamed(page, 'main.(*server).handle').click()
    await expect(page.getByTestId('zoom-status')).toBeVisible()
    const {name, bytes} = await exportAs(page, 'Flame graph as SVG')
    expect(name).toBe('heap-alloc_space-flame.svg')
    const svg = await parseSvg(page, bytes.toString('utf8'))
    expect(svg.error).toBeNull()
    expect(svg.root).toBe('svg')
    expect(svg.title).toBe('heap.pb.gz · alloc_space')
    expect(svg.frames).toBe(await frames(page).count())
    expect(svg.tooltips).toContain('main.(*server).handle')
    expect(bytes.toString('utf8')).toContain('zoomed to main.(*server).handle')
  })

  test('hostile function names stay text in SVG, CSV and Markdown', async ({page}) => {
    await page.goto('./')
    await openFixture(page, 'edge/hostile-names.pb.gz')
    await expect(frames(page).first()).toBeVisible()
    const svg = await exportAs(page, 'Flame graph as SVG')
    const parsed = await parseSvg(page, svg.bytes.toString('utf8'))
    expect(parsed.error).toBeNull()
    expect(parsed.scripts).toBe(0)
    expect(parsed.tooltips.some((t) => t.includes('<img src=x onerror=alert(1)>'))).toBe(true)
    const csv = (await exportAs(page, 'Top as CSV')).bytes.toString('utf8')
    expect(csv).toMatch(/"[^"]*<img src=x onerror=alert\(1\)>[^"]*"/)
    const md = (await exportAs(page, 'Top as Markdown')).bytes.toString('utf8')
    expect(md).toMatch(/\| `[^`|]*<img src=x onerror=alert\(1\)>[^`|]*` \|/)
  })

  test('the flame graph as PNG, and a comparison says it is a diff', async ({page}) => {
    await page.goto('./')
    await openFixture(page, 'leak/heap-005.pb.gz')
    await page.getByLabel('Open base profile').setInputFiles(fixture('leak/heap-000.pb.gz'))
    await expect(page.getByTestId('diff-legend')).toBeVisible()
    const png = await exportAs(page, 'Flame graph as PNG')
    expect(png.name).toBe('heap-005-vs-heap-000-inuse_space-diff-flame.png')
    expect(png.bytes.subarray(0, 8)).toEqual(Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]))
    const svg = await parseSvg(page, (await exportAs(page, 'Flame graph as SVG')).bytes.toString())
    expect(svg.title).toBe('heap-005.pb.gz vs base heap-000.pb.gz · inuse_space · diff (-base)')
    const changes = (await exportAs(page, 'What changed as CSV')).bytes.toString('utf8')
    expect(changes.split('\r\n')[1]).toMatch(/^"grew","main\.leakyCachePut","inuse_space",/)
  })

  test('Top as CSV and Markdown, with pprof numbers and exact values', async ({page}) => {
    await page.goto('./#sample')
    await expect(frames(page).first()).toBeVisible()
    const csv = await exportAs(page, 'Top as CSV')
    expect(csv.name).toBe('heap-inuse_space-top.csv')
    const lines = csv.bytes.toString('utf8').split('\r\n')
    expect(lines[0]).toBe('"flat","flat%","sum%","cum","cum%","name","flat (bytes)","cum (bytes)"')
    expect(lines[1]).toBe(
      '"585600B","57.93%","57.93%","585600B","57.93%","main.buildTree",585600,585600',
    )
    const md = (await exportAs(page, 'Top as Markdown')).bytes.toString('utf8')
    expect(md).toContain('| flat | flat% | sum% | cum | cum% | name |')
    expect(md).toContain('Type: inuse_space')
    // Every row as the Top view shows it.
    await page.getByRole('tab', {name: 'Top'}).click()
    const cells = await topTableCells(page)
    const fields = (l: string) =>
      Array.from(l.matchAll(/"((?:[^"]|"")*)"|([^,]+)/g), (m) => (m[1] ?? m[2]).replace(/""/g, '"'))
    const csvRows = lines.slice(1, -1).map((l) => fields(l).slice(0, 6))
    expect(csvRows).toEqual(cells)
    const mdRows = md.split('\n').filter((l) => /^\| [^f-]/.test(l))
    expect(mdRows.map((l) => l.split(' | ')[0].slice(2))).toEqual(cells.map((c) => c[0]))
  })

  test('the profile as .pb.gz: the bytes opened, gzipped when they were not', async ({page}) => {
    await page.goto('./')
    await openFixture(page, 'edge/uncompressed.pb')
    const raw = await exportAs(page, 'Profile as .pb.gz')
    expect(raw.name).toBe('uncompressed.pb.gz')
    expect([raw.bytes[0], raw.bytes[1]]).toEqual([0x1f, 0x8b])
    // It opens again, with the same numbers.
    const before = await page.getByTestId('profile-header').innerText()
    await page.getByLabel('Open profile').setInputFiles({
      name: raw.name,
      mimeType: 'application/gzip',
      buffer: raw.bytes,
    })
    const file = page.getByTestId('profile-header').locator('[data-field="file"] dd')
    await expect(file).toHaveText(raw.name)
    const after = await page.getByTestId('profile-header').innerText()
    expect(after.replace(raw.name, 'uncompressed.pb')).toBe(before)

    await openFixture(page, 'heap/heap.pb.gz')
    const gz = await exportAs(page, 'Profile as .pb.gz')
    expect(gz.name).toBe('heap.pb.gz')
    expect(gz.bytes.equals(readFileSync(fixture('heap/heap.pb.gz')))).toBe(true)
  })
})

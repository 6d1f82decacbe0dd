import {expect, type Page, test} from '@playwright/test'
import {fixture, frameNamed, openFixture, readTopOracle, topTableCells} from './helpers'

async function openBase(page: Page, rel: string) {
  await page.getByLabel('Open base profile').setInputFiles(fixture(rel))
  await expect(page.getByTestId('base-name')).toHaveText(rel.split('/').pop()!)
}

/** The fill of a frame's box as [r, g, b]. */
async function fillOf(page: Page, label: string): Promise<number[]> {
  const fill = await frameNamed(page, label).locator('rect').getAttribute('fill')
  const m = /rgb\((\d+) (\d+) (\d+)\)/.exec(fill ?? '')
  expect(m, `fill of ${label}: ${fill}`).not.toBeNull()
  return m!.slice(1).map(Number)
}

async function expectTopEquals(page: Page, oracle: string) {
  const {labels, rows} = readTopOracle(oracle)
  await expect(page.getByTestId('report-labels')).toContainText(
    labels.find((l) => l.startsWith('Showing nodes'))!,
  )
  expect(await topTableCells(page)).toEqual(
    rows.map((r) => [r.flat, r.flatPct.trim(), r.sumPct.trim(), r.cum, r.cumPct.trim(), r.name]),
  )
}

test.describe('comparing two snapshots', () => {
  test('the leaking site shows as grown, first in What changed, and Top equals pprof -base', async ({
    page,
  }) => {
    await page.goto('./')
    await openFixture(page, 'leak/heap-005.pb.gz')
    await openBase(page, 'leak/heap-000.pb.gz')
    await expect(page.getByTestId('diff-legend')).toBeVisible()
    await expect(page.getByTestId('diff-movement')).toContainText('inuse_space 2.21MB → 12.67MB')
    const [r, g, b] = await fillOf(page, 'main.leakyCachePut')
    expect(r).toBeGreaterThan(g + 60)
    expect(r).toBeGreaterThan(b + 60)

    await frameNamed(page, 'main.leakyCachePut').hover()
    await expect(page.getByTestId('tooltip-diff')).toContainText('base 2.09MB → current 12.54MB')

    await page.getByRole('tab', {name: 'What changed'}).click()
    const grew = page.getByTestId('changes-grew').locator('tbody tr').first()
    await expect(grew.locator('td.name')).toHaveText('main.leakyCachePut')

    await page.getByRole('tab', {name: 'Top'}).click()
    await expectTopEquals(page, 'leak/heap-005.pb.gz.base-000.top.inuse_space.txt')
    await page.getByLabel('Comparison').selectOption('diff_base')
    await expectTopEquals(page, 'leak/heap-005.pb.gz.diffbase-000.top.inuse_space.txt')
    await page.getByLabel('Sample type').selectOption('alloc_objects')
    await expectTopEquals(page, 'leak/heap-005.pb.gz.diffbase-000.top.alloc_objects.txt')
    await page.getByLabel('Comparison').selectOption('base')
    await expectTopEquals(page, 'leak/heap-005.pb.gz.base-000.top.alloc_objects.txt')
  })

  test('swapping base and current turns growth into shrinkage; clearing ends the diff', async ({
    page,
  }) => {
    await page.goto('./')
    await openFixture(page, 'leak/heap-005.pb.gz')
    await openBase(page, 'leak/heap-000.pb.gz')
    await page.getByRole('button', {name: 'Swap'}).click()
    await expect(page.getByTestId('base-name')).toHaveText('heap-005.pb.gz')
    await expect
      .poll(async () => {
        const [r, g] = await fillOf(page, 'main.leakyCachePut')
        return g > r + 60
      })
      .toBe(true)
    await page.getByRole('tab', {name: 'What changed'}).click()
    const shrank = page.getByTestId('changes-shrank').locator('tbody tr').first()
    await expect(shrank.locator('td.name')).toHaveText('main.leakyCachePut')
    await page.getByRole('button', {name: 'Clear base'}).click()
    await expect(page.getByTestId('compare-bar')).toHaveCount(0)
    await expect(page.getByTestId('diff-legend')).toHaveCount(0)
  })

  test('the colour-blind palette uses orange and blue', async ({page}) => {
    await page.goto('./')
    await openFixture(page, 'leak/heap-005.pb.gz')
    await openBase(page, 'leak/heap-000.pb.gz')
    await page.getByLabel('Diff palette').selectOption('colorblind')
    // Towards orange (230, 97, 1): red well above blue, green between.
    await expect
      .poll(async () => {
        const [r, g, b] = await fillOf(page, 'main.leakyCachePut')
        return r > b + 100 && g > b + 30
      })
      .toBe(true)
  })

  test('a file dropped on "drop base here" becomes the base', async ({page}) => {
    await page.goto('./')
    await openFixture(page, 'leak/heap-005.pb.gz')
    // Start a drag over the window so that the split drop target appears.
    await page.evaluate(() => {
      const dt = new DataTransfer()
      dt.items.add(new File(['x'], 'x.pb.gz'))
      window.dispatchEvent(new DragEvent('dragenter', {dataTransfer: dt, cancelable: true}))
    })
    await expect(page.getByTestId('drop-base')).toContainText('Drop base here')
    await page.getByTestId('drop-base').drop({files: fixture('leak/heap-000.pb.gz')})
    await expect(page.getByTestId('base-name')).toHaveText('heap-000.pb.gz')
    await expect(page.getByTestId('drop-overlay')).toHaveCount(0)
  })

  test('profiles of different sample types are refused with an alert', async ({page}) => {
    await page.goto('./')
    await openFixture(page, 'heap/heap.pb.gz')
    await page.getByLabel('Open base profile').setInputFiles(fixture('cpu/cpu.pb.gz'))
    const alert = page.getByRole('alert')
    await expect(alert).toContainText('cpu.pb.gz')
    await expect(alert).toContainText(/incompatible (sample|period) types/)
    await expect(page.getByTestId('compare-bar')).toHaveCount(0)
    await expect(frameNamed(page, 'main.buildTree')).toBeVisible()
  })

  test('different binaries are compared with a visible warning', async ({page}) => {
    await page.goto('./')
    await openFixture(page, 'heap/heap.pb.gz')
    await openBase(page, 'leak/heap-000.pb.gz')
    await expect(page.getByTestId('diff-warnings')).toContainText(/binar/i)
  })
})

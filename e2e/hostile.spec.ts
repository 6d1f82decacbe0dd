import {type Page, expect, test} from '@playwright/test'
import {extremeProfile} from '../src/decode/extreme-profiles'
import {fixture, frames, openFixture, topTableCells} from './helpers'

// Function names of edge/hostile-names.pb.gz that would run or inject markup if a view ever
// treated a profile string as HTML.
const IMG = 'main.<img src=x onerror=alert(1)>'
const SCRIPT = '</script><script>alert(1)</script>'
const SVG = 'main."><svg/onload=alert(document.domain)>'
const ENTITY = 'main.funcWith&amp;Entity&lt;T&gt;'

/**
 * Records what must never happen while a hostile profile is shown: dialogs (the payloads call
 * alert), Content-Security-Policy violations, and elements the payloads would create.
 */
async function watch(page: Page) {
  const dialogs: string[] = []
  page.on('dialog', (d) => {
    dialogs.push(d.message())
    void d.dismiss()
  })
  await page.addInitScript(() => {
    const w = window as unknown as {__csp: string[]}
    w.__csp = []
    document.addEventListener('securitypolicyviolation', (e) =>
      w.__csp.push(`${e.violatedDirective} ${e.blockedURI}`),
    )
  })
  return {
    async expectNothingRan() {
      expect(dialogs).toEqual([])
      const found = await page.evaluate(() => ({
        csp: (window as unknown as {__csp: string[]}).__csp,
        // Elements the payloads would make, and handlers they would set.
        injected: Array.from(
          document.querySelectorAll('img[src="x"], [onerror], [onload], script:not([src])'),
          (e) => e.outerHTML.slice(0, 80),
        ),
      }))
      expect(found).toEqual({csp: [], injected: []})
    },
  }
}

/** Every frame's label, as the chart drew it. */
function frameLabels(page: Page): Promise<string[]> {
  return page
    .locator('[data-testid="flame-chart"] g.frame')
    .evaluateAll((gs) => gs.map((g) => g.getAttribute('name') ?? ''))
}

test.describe('hostile function names', () => {
  test('stay text in the flame graph, tooltip, Top, other views and exports', async ({page}) => {
    const guard = await watch(page)
    await page.goto('./')
    await openFixture(page, 'edge/hostile-names.pb.gz')
    await expect(frames(page).first()).toBeVisible()

    // Flame graph labels: the names, character for character.
    const all = [IMG, SCRIPT, SVG, ENTITY]
    await expect.poll(() => frameLabels(page)).toEqual(expect.arrayContaining(all))
    const labels = await frameLabels(page)
    const img = frames(page).nth(labels.indexOf(IMG))
    await expect(img.locator('div')).toHaveText(IMG)

    // The tooltip.
    await img.hover()
    await expect(page.getByTestId('tooltip')).toContainText(IMG)

    // Top: one row per name, shown as is.
    await page.getByRole('tab', {name: 'Top'}).click()
    const names = (await topTableCells(page)).map((row) => row[5])
    for (const name of all) expect(names).toContain(name)

    // Call tree, call graph (Graphviz: the names go through DOT), peek.
    await page.getByLabel('More views').selectOption('tree')
    await expect(page.getByRole('treegrid', {name: 'Call tree'})).toBeVisible()
    await page.getByLabel('More views').selectOption('graph')
    const graph = page.locator('[data-testid="call-graph"] svg g.node')
    await expect(graph.first()).toBeVisible({timeout: 30_000})
    const graphText = await page.locator('[data-testid="call-graph"] svg').textContent()
    expect(graphText).toContain('<img src=x onerror=alert(1)>')
    await page.getByLabel('More views').selectOption('peek')
    await page.getByLabel('More views').selectOption('lines')

    // What changed: the profile against itself.
    await page.getByLabel('Open base profile').setInputFiles(fixture('edge/hostile-names.pb.gz'))
    await expect(page.getByTestId('base-name')).toHaveText('hostile-names.pb.gz')
    await page.getByRole('tab', {name: 'What changed'}).click()
    const changes = page.getByRole('tab', {name: 'What changed'})
    await expect(changes).toHaveAttribute('aria-selected', 'true')
    await page.getByRole('tab', {name: 'Flame graph'}).click()
    await expect.poll(() => frameLabels(page)).toEqual(expect.arrayContaining([IMG, SCRIPT, SVG]))

    // Exports (their contents are checked in export.spec.ts): making them runs nothing either.
    const exports = [
      'Flame graph as SVG',
      'Flame graph as PNG',
      'Top (diff) as CSV',
      'What changed as CSV',
    ]
    for (const item of exports) {
      await page.getByText('Export', {exact: true}).click()
      await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('menuitem', {name: item}).click(),
      ])
    }

    await guard.expectNothingRan()
  })
})

test.describe('extreme but valid profiles', () => {
  test('20,000 frames deep, 50,000 siblings, 10,000-char names, negatives, empty stacks', async ({
    page,
  }) => {
    const errors: string[] = []
    page.on('pageerror', (e) => errors.push(e.message))
    await page.goto('./')
    await page.getByLabel('Open profile').setInputFiles({
      name: 'extreme.pb',
      mimeType: 'application/octet-stream',
      buffer: Buffer.from(extremeProfile()),
    })
    await expect(page.getByTestId('profile-header')).toContainText('extreme.pb')
    await expect(frames(page).first()).toBeVisible({timeout: 30_000})
    const labels = await frameLabels(page)
    expect(labels).toContain('main')
    expect(labels).toContain('deep.f1')
    // The 50,000 callees of main are each too narrow to draw, the deepest frames too many.
    await expect(page.getByTestId('pruned-count')).toContainText('or too deep')
    // Zoom into the deep stack and back.
    await frames(page).nth(labels.indexOf('deep.f1')).click()
    await expect(page.getByTestId('zoom-status')).toContainText('deep.f1')
    await page.keyboard.press('Escape')
    await expect(page.getByTestId('zoom-status')).toHaveCount(0)
    await page.getByRole('tab', {name: 'Top'}).click()
    await expect(page.locator('table.top-table tbody tr').first()).toBeVisible()
    expect(errors).toEqual([])
  })
})

test.describe('Content-Security-Policy', () => {
  test('the built page has one, with no inline or eval’d script', async ({page}) => {
    await page.goto('./')
    const policy = await page
      .locator('meta[http-equiv="Content-Security-Policy"]')
      .getAttribute('content')
    expect(policy).not.toBeNull()
    const directives = new Map(
      policy!.split(';').map((d) => {
        const [name, ...values] = d.trim().split(/\s+/)
        return [name, values] as const
      }),
    )
    expect(directives.get('default-src')).toEqual(["'self'"])
    const scripts = directives.get('script-src') ?? []
    expect(scripts).toContain("'self'")
    expect(scripts).not.toContain("'unsafe-inline'")
    expect(scripts).not.toContain("'unsafe-eval'")
    expect(directives.get('style-src')).not.toContain("'unsafe-inline'")
    expect(directives.get('object-src')).toEqual(["'none'"])
  })

  test('reports no violation while a profile is loaded and used, and blocks inline script', async ({
    page,
  }) => {
    const guard = await watch(page)
    await page.goto('./')
    await openFixture(page, 'heap/heap.pb.gz')
    await expect(frames(page).first()).toBeVisible()
    await frames(page).nth(2).hover()
    await page.getByLabel('Search').fill('main')
    await frames(page).nth(3).click()
    await expect(page.getByTestId('zoom-status')).toBeVisible()
    await page.getByRole('tab', {name: 'Top'}).click()
    await expect(page.locator('table.top-table tbody tr').first()).toBeVisible()
    await page.getByLabel('More views').selectOption('graph')
    await expect(page.locator('[data-testid="call-graph"] svg g.node').first()).toBeVisible({
      timeout: 30_000,
    })
    await guard.expectNothingRan()

    // The policy is in force: an inline script is refused (and reported).
    const ran = await page.evaluate(async () => {
      const w = window as unknown as {__inline?: boolean; __csp: string[]}
      const s = document.createElement('script')
      s.textContent = 'window.__inline = true'
      document.body.append(s)
      s.remove()
      await new Promise((r) => setTimeout(r, 50))
      return {ran: w.__inline === true, reported: w.__csp.length}
    })
    expect(ran).toEqual({ran: false, reported: 1})
  })
})

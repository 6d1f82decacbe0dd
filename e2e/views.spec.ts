import {readFileSync} from 'node:fs'
import {expect, type Page, test} from '@playwright/test'
import {fixture, frameNamed, openFixture, readTopOracle, topTableCells} from './helpers'

// The oracles' Time: lines are in UTC.
test.use({timezoneId: 'UTC'})

const oracle = (rel: string) => readFileSync(fixture(rel), 'utf8')

/** pprof's value column ("585600B") as the integer it stands for (the oracles use -unit B). */
const bytes = (s: string) => Number(s.replace(/B$/, ''))

async function openHeap(page: Page) {
  await page.goto('./')
  await openFixture(page, 'heap/heap.pb.gz')
}

async function expectTop(page: Page, rel: string) {
  const {labels, rows} = readTopOracle(rel)
  await expect
    .poll(() => topTableCells(page))
    .toEqual(rows.map((r) => [r.flat, r.flatPct.trim(), r.sumPct.trim(), r.cum, r.cumPct.trim(), r.name]))
  const shown = await page.getByTestId('report-labels').innerText()
  for (const l of labels.filter((l) => !l.startsWith('Time:'))) expect(shown).toContain(l.trim())
}

test.describe('the drill-down views', () => {
  test('Peek from a Top row equals go tool pprof -peek', async ({page}) => {
    await openHeap(page)
    await page.getByRole('tab', {name: 'Top'}).click()
    const row = page.locator('table.top-table tbody tr', {hasText: /^.*main\.buildTree$/}).first()
    await row.click()
    await expect(row).toHaveClass(/selected/)
    await expect(page.getByTestId('selection')).toContainText('main.buildTree')
    await row.click({button: 'right'})
    await page.getByRole('menuitem', {name: 'Peek callers and callees'}).click()
    await expect(page.getByLabel('More views')).toHaveValue('peek')

    // heap.pb.gz.peek.txt: "585600B 100% | main.(*server).handle" above
    // "585600B 57.93% 57.93% 585600B 57.93% | main.buildTree".
    const entry = page.locator('tbody.peek-entry[data-name="main.buildTree"]')
    const caller = entry.locator('tr[data-role="caller"]')
    await expect(caller).toHaveCount(1)
    await expect(caller.locator('td.name')).toHaveText('main.(*server).handle')
    await expect(caller.locator('td.num').first()).toHaveAttribute('data-value', '585600')
    await expect(caller.locator('td.share')).toHaveText('100%')
    const fn = entry.locator('tr[data-role="function"] td')
    await expect(fn.nth(0)).toHaveAttribute('data-value', '585600')
    await expect(fn.nth(1)).toHaveText('57.93%')
    await expect(fn.nth(3)).toHaveAttribute('data-value', '585600')
    await expect(fn.nth(4)).toHaveText('57.93%')
    await expect(entry.locator('tr[data-role="callee"]')).toHaveCount(0)

    await page.getByRole('button', {name: 'Show text'}).click()
    await expect(page.getByTestId('peek-text')).toBeVisible()
    expect(await page.getByTestId('peek-text').textContent()).toBe(oracle('heap/heap.pb.gz.peek.txt'))

    await page.getByRole('button', {name: 'Hide text'}).click()
    // A caller's name selects it and peeks at it in turn.
    await caller.getByRole('button', {name: 'main.(*server).handle'}).click()
    await expect(page.locator('tbody.peek-entry[data-name="main.(*server).handle"]')).toBeVisible()
  })

  test('Source lines: per-line costs and ROUTINE totals of pprof, then the source', async ({page}) => {
    await openHeap(page)
    await frameNamed(page, 'main.buildTree').click({button: 'right'})
    await page.getByRole('menuitem', {name: 'Source lines'}).click()
    const routine = page.locator('article.routine[data-name="main.buildTree"]')
    // heap.pb.gz.list.main.txt: "571.88kB 1.04MB (flat, cum) 107.79% of Total".
    const totals = routine.getByTestId('routine-totals')
    await expect(totals).toHaveText(/^\s*571\.88kB\s+1\.04MB \(flat, cum\) 107\.79% of Total$/)
    // heap.pb.gz.top.lines.inuse_space.txt, the rows of main.buildTree.
    const lines = readTopOracle('heap/heap.pb.gz.top.lines.inuse_space.txt').rows.filter((r) =>
      r.name.startsWith('main.buildTree '),
    )
    expect(lines.length).toBe(2)
    let flat = 0
    for (const l of lines) {
      const n = l.name.split(':').pop()!
      const cells = routine.locator(`tr[data-line="${n}"] td`)
      await expect(cells.nth(0)).toHaveAttribute('data-value', String(bytes(l.flat)))
      await expect(cells.nth(1)).toHaveAttribute('data-value', String(bytes(l.cum)))
      flat += bytes(l.flat)
    }
    await expect(totals).toHaveAttribute('data-flat', String(flat))
    await expect(routine.locator('tbody tr')).toHaveCount(2)

    // A source file of that name: pprof's range (79 − 5 … 84 + 5), the code as text.
    const source = Array.from({length: 120}, (_, i) => `\t// line ${i + 1} <b>not html</b>`).join('\n')
    await page.getByLabel('Load source files').setInputFiles({
      name: 'main.go',
      mimeType: 'text/plain',
      buffer: Buffer.from(source),
    })
    await expect(routine.locator('tbody tr')).toHaveCount(16)
    await expect(routine.locator('tbody tr').first()).toHaveAttribute('data-line', '74')
    await expect(routine.locator('tbody tr').last()).toHaveAttribute('data-line', '89')
    const hot = routine.locator('tr[data-line="79"]')
    await expect(hot).toHaveClass(/hot/)
    await expect(hot.locator('td.code')).toHaveText('\t// line 79 <b>not html</b>')
    await expect(routine.locator('tr[data-line="80"]')).not.toHaveClass(/hot/)
    await expect(routine.locator('b')).toHaveCount(0)
    await expect(routine).toContainText('Source: main.go')
  })

  test('Call tree expands, and copies as pprof -tree', async ({page, context}) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write'])
    await openHeap(page)
    await page.getByLabel('More views').selectOption('tree')
    const tree = page.getByRole('treegrid', {name: 'Call tree'})
    // The heaviest path is open; main.render is not.
    await expect(tree.locator('tr[data-name="main.buildTree"]').first()).toBeVisible()
    const render = tree.locator('tr[data-name="main.render"]')
    await expect(render).toHaveAttribute('aria-expanded', 'false')
    await expect(tree.locator('tr[data-name="bytes.(*Buffer).WriteString"]')).toHaveCount(0)
    await render.getByRole('button', {name: 'Expand'}).click()
    await expect(render).toHaveAttribute('aria-expanded', 'true')
    await expect(tree.locator('tr[data-name="bytes.(*Buffer).WriteString"]')).toBeVisible()
    // Keyboard: ← collapses the focused row again.
    await render.click()
    await page.keyboard.press('ArrowLeft')
    await expect(render).toHaveAttribute('aria-expanded', 'false')
    // buildTree is called from one place: its outermost call path weighs its cum (585600B).
    await expect(tree.locator('tr[data-name="main.buildTree"] td').first()).toHaveAttribute(
      'data-value',
      '585600',
    )

    await page.getByRole('button', {name: 'Copy as text'}).click()
    await expect(page.getByRole('button', {name: 'Copied'})).toBeVisible()
    const copied = await page.evaluate(() => navigator.clipboard.readText())
    expect(copied).toBe(oracle('heap/heap.pb.gz.tree.default.txt'))
  })

  test('Call graph draws pprof’s nodes with Graphviz; a click selects one', async ({page}) => {
    const failures: string[] = []
    page.on('pageerror', (e) => failures.push(e.message))
    await openHeap(page)
    await page.getByLabel('More views').selectOption('graph')
    const node = page.locator('[data-testid="call-graph"] svg g.node[data-name="main.buildTree"]')
    await expect(node).toBeVisible({timeout: 30_000})
    await expect(node).toContainText('571.88kB (57.93%)')
    await expect(page.locator('[data-testid="call-graph"] svg g.node')).toHaveCount(12)
    await expect(page.getByTestId('selection')).toHaveCount(0)
    await node.click()
    await expect(page.getByTestId('selection')).toContainText('main.buildTree')
    await expect(node).toHaveClass(/selected/)
    // More nodes on demand.
    await page.getByLabel('Nodes').selectOption('0')
    await expect
      .poll(() => page.locator('[data-testid="call-graph"] svg g.node').count(), {timeout: 30_000})
      .toBeGreaterThan(12)
    expect(failures).toEqual([])
  })

  test('Sandwich of a recursive function: its callers above, its callees below', async ({page}) => {
    await openHeap(page)
    await frameNamed(page, 'main.buildTree').click({button: 'right'})
    await page.getByRole('menuitem', {name: 'Sandwich'}).click()
    const callers = page.getByTestId('sandwich-callers')
    const callees = page.getByTestId('sandwich-callees')
    await expect(page.getByTestId('sandwich-summary')).toContainText('cum 571.88kB (57.93%)')
    for (const name of ['main.buildTree', 'main.(*server).handle', 'main.main.func1']) {
      await expect(callers.locator(`g.frame[name="${name}"]`).first()).toBeVisible()
    }
    // Recursion: buildTree calls itself, three levels deep, below the function.
    await expect(callees.locator('g.frame[name="main.buildTree"]')).toHaveCount(4)
    await expect(callees.locator('g.frame[name="main.(*server).handle"]')).toHaveCount(0)
  })
})

test.describe('refine and granularity', () => {
  test('Enter in search focuses; Top equals pprof -focus; the chip removes it', async ({page}) => {
    await openHeap(page)
    await page.getByLabel('Search').fill('main\\.buildTree')
    await page.getByLabel('Search').press('Enter')
    const chip = page.locator('.chip[data-kind="focus"]')
    await expect(chip).toHaveText(/focus=main\\\.buildTree/)
    await expect(page.getByLabel('Search')).toHaveValue('')
    // The flame graph is refined too: no main.render any more.
    await expect(frameNamed(page, 'main.buildTree')).toBeVisible()
    await expect(frameNamed(page, 'main.render')).toHaveCount(0)
    await page.getByRole('tab', {name: 'Top'}).click()
    await expectTop(page, 'heap/heap.pb.gz.focus-buildTree.top.inuse_space.txt')
    await expect(page.getByTestId('report-labels')).toContainText('Active filters:')

    await chip.getByRole('button', {name: 'Remove focus=main\\.buildTree'}).click()
    await expect(page.getByTestId('refine-bar')).toHaveCount(0)
    await expectTop(page, 'heap/heap.pb.gz.top.inuse_space.txt')
  })

  test('the Refine menu: hide + focus at lines granularity equals pprof', async ({page}) => {
    await openHeap(page)
    await page.getByRole('tab', {name: 'Top'}).click()
    await page.getByText('Refine', {exact: true}).click()
    await page.getByLabel('focus', {exact: true}).fill('main\\.')
    await page.getByLabel('hide', {exact: true}).fill('^runtime\\.')
    await page.getByRole('button', {name: 'Apply'}).click()
    await page.getByText(/^Refine/).click()
    await page.getByLabel('Granularity', {exact: true}).selectOption('lines')
    await expect(page.locator('.chip[data-kind="granularity"]')).toHaveText(/granularity=lines/)
    await expectTop(page, 'heap/heap.pb.gz.hide-runtime-focus-main.top.lines.inuse_space.txt')
  })

  test('granularity alone: files and lines equal pprof; a bad regexp is refused inline', async ({
    page,
  }) => {
    await openHeap(page)
    await page.getByRole('tab', {name: 'Top'}).click()
    await page.getByText('Refine', {exact: true}).click()
    await page.getByLabel('Granularity', {exact: true}).selectOption('files')
    await expectTop(page, 'heap/heap.pb.gz.top.files.inuse_space.txt')
    await page.getByLabel('Granularity', {exact: true}).selectOption('lines')
    await expectTop(page, 'heap/heap.pb.gz.top.lines.inuse_space.txt')
    await page.getByLabel('ignore', {exact: true}).fill('a(')
    await expect(page.getByText(/^parsing ignore regexp: /)).toBeVisible()
    await expect(page.getByRole('button', {name: 'Apply'})).toBeDisabled()
  })
})

test('refine filters and granularity live in the URL and come back on reload', async ({page}) => {
  await page.goto('./#sample&f=main%5C.buildTree&g=lines')
  await expect(page.getByTestId('profile-header')).toContainText('heap.pb.gz')
  await expect(page.locator('body')).toContainText('focus=main\\.buildTree')
  await page.reload()
  await expect(page.locator('body')).toContainText('focus=main\\.buildTree')
  expect(page.url()).toContain('g=lines')
})

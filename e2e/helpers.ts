import {readFileSync} from 'node:fs'
import {fileURLToPath} from 'node:url'
import {type Page, expect} from '@playwright/test'

/** Absolute path of a file under fixtures/. */
export function fixture(rel: string): string {
  return fileURLToPath(new URL(`../fixtures/${rel}`, import.meta.url))
}

export interface OracleRow {
  flat: string
  flatPct: string
  sumPct: string
  cum: string
  cumPct: string
  name: string
}

/** The rows and header lines of a `go tool pprof -top` output file. */
export function readTopOracle(rel: string): {labels: string[]; rows: OracleRow[]} {
  const lines = readFileSync(fixture(rel), 'utf8').split('\n')
  const headerAt = lines.findIndex((l) => l.trim().startsWith('flat  flat%'))
  const rows: OracleRow[] = []
  for (const line of lines.slice(headerAt + 1)) {
    const m = /^\s*(\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s+(\S+)  (.*)$/.exec(line)
    if (m) rows.push({flat: m[1], flatPct: m[2], sumPct: m[3], cum: m[4], cumPct: m[5], name: m[6]})
  }
  return {labels: lines.slice(0, headerAt), rows}
}

/** Opens a fixture through the `Open profile` file input and waits for its flame graph. */
export async function openFixture(page: Page, rel: string): Promise<void> {
  await page.getByLabel('Open profile').setInputFiles(fixture(rel))
  const name = rel.split('/').pop()!
  await expect(page.getByTestId('profile-header').locator('[data-field="file"] dd')).toHaveText(name)
}

/** The text of every cell of the Top table, row by row. */
export async function topTableCells(page: Page): Promise<string[][]> {
  return page
    .locator('table.top-table tbody tr:not([aria-hidden])')
    .evaluateAll((trs) =>
      trs.map((tr) => Array.from(tr.querySelectorAll('td')).map((td) => td.textContent ?? '')),
    )
}

/** The labelled frames (`g` elements) the flame chart drew. */
export function frames(page: Page) {
  return page.locator('[data-testid="flame-chart"] g.frame')
}

/** The first (outermost) frame whose box is labelled exactly `label`. */
export function frameNamed(page: Page, label: string) {
  return page.locator(`[data-testid="flame-chart"] g.frame[name="${label}"]`).first()
}

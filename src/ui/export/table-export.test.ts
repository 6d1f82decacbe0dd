import {describe, expect, it} from 'vitest'
import {whatChanged} from '../../analysis/diff-changes'
import {formatTopText} from '../../analysis/report'
import {loadFixture} from '../../analysis/series-test-support'
import {changesCsv, topCsv, topMarkdown} from './table-export'

const heap = loadFixture('heap/heap.pb.gz')

/** The Top rows of pprof's text, as [flat, flat%, sum%, cum, cum%, name]. */
function pprofRows(text: string): string[][] {
  const lines = text.split('\n')
  const at = lines.findIndex((l) => l.trim().startsWith('flat  flat%'))
  return lines
    .slice(at + 1)
    .filter((l) => l.trim() !== '')
    .map((l) => {
      const m = /^\s*(\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s+(\S+)  (.*)$/.exec(l)!
      return m.slice(1)
    })
}

describe('Top as CSV and Markdown', () => {
  for (const sort of ['flat', 'cum'] as const) {
    it(`has pprof's rows, ${sort} order`, () => {
      const t = heap.sampleTypes.findIndex((s) => s.type === 'alloc_space')
      const want = pprofRows(formatTopText(heap, t, {sort, timeZone: 'UTC'}))
      const csv = topCsv(heap, t, sort).split('\r\n').slice(1, -1)
      expect(csv).toHaveLength(want.length)
      csv.forEach((line, i) => {
        expect(line.startsWith(want[i].map((c) => `"${c}"`).join(','))).toBe(true)
      })
      const md = topMarkdown(heap, t, sort, 'heap.pb.gz · alloc_space')
      const rows = md
        .split('\n')
        .filter((l) => /^\| \S/.test(l) && !l.startsWith('| flat') && !l.startsWith('| -'))
      expect(rows).toEqual(want.map((r) => `| ${r.slice(0, 5).join(' | ')} | \`${r[5]}\` |`))
      expect(md).toContain('Type: alloc_space')
    })
  }

  it('carries the exact integers in the unit of the sample type', () => {
    const t = heap.sampleTypes.findIndex((s) => s.type === 'inuse_space')
    const [header, first] = topCsv(heap, t, 'flat').split('\r\n')
    expect(header).toBe('"flat","flat%","sum%","cum","cum%","name","flat (bytes)","cum (bytes)"')
    expect(first).toMatch(/,"main\.buildTree",585600,585600$/)
  })
})

describe('What changed as CSV', () => {
  it('lists every function of every list with base, current and delta', () => {
    const t0 = loadFixture('leak/heap-000.pb.gz')
    const t5 = loadFixture('leak/heap-005.pb.gz')
    const t = t5.sampleTypes.findIndex((s) => s.type === 'inuse_space')
    const summary = whatChanged(t5, t0, t, {limit: Infinity})
    const lines = changesCsv(summary).split('\r\n')
    expect(lines[0]).toBe(
      '"list","function","type","flat base","flat current","flat delta",' +
        '"cum base","cum current","cum delta","unit"',
    )
    expect(lines[1]).toMatch(/^"grew","main\.leakyCachePut","inuse_space",\d+,\d+,\d+,/)
    const count = summary.grew.length + summary.shrank.length + summary.appeared.length
    expect(lines.length - 2).toBe(count + summary.disappeared.length)
  })
})

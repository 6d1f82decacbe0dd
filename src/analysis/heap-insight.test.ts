import {describe, expect, it} from 'vitest'
import {heapInsight, type HeapInsight, type InsightRow} from './heap-insight'
import {exactOracleName, loadFixture, readExactTop, typeIndex} from './series-test-support'
import {computeTop, sortTopRows} from './top'

const KEYS = {
  inuse_space: 'inuseSpace',
  inuse_objects: 'inuseObjects',
  alloc_space: 'allocSpace',
  alloc_objects: 'allocObjects',
} as const

const row = (insight: HeapInsight, name: string) =>
  insight.rows.find((r) => r.name === name) as InsightRow

describe('heapInsight', () => {
  for (const file of ['heap/heap.pb.gz', 'leak/heap-005.pb.gz', 'bench/mem.out']) {
    it(`${file}: flat and cum of every type are pprof's`, () => {
      const p = loadFixture(file)
      const insight = heapInsight(p) as HeapInsight
      for (const [type, key] of Object.entries(KEYS)) {
        const oracle = readExactTop(exactOracleName(file, type))
        expect(insight.totals[key]).toBe(oracle.total)
        const top = computeTop(p, typeIndex(p, type))
        for (const r of top.rows) {
          expect(row(insight, r.name)[key]).toEqual({flat: r.flat, cum: r.cum})
        }
        for (const [name, [flat, cum]] of oracle.rows) {
          expect(row(insight, name)[key]).toEqual({flat, cum})
        }
        const names = new Set(top.rows.map((r) => r.name))
        for (const r of insight.rows) {
          if (!names.has(r.name)) expect(r[key]).toEqual({flat: 0, cum: 0})
        }
      }
    })
  }

  it('divides space by objects and inuse by alloc, per function', () => {
    const insight = heapInsight(loadFixture('heap/heap.pb.gz')) as HeapInsight
    for (const r of insight.rows) {
      const div = (a: number, b: number) => (b === 0 ? null : a / b)
      expect(r.bytesPerObject.alloc.flat).toBe(div(r.allocSpace.flat, r.allocObjects.flat))
      expect(r.bytesPerObject.inuse.cum).toBe(div(r.inuseSpace.cum, r.inuseObjects.cum))
      expect(r.retention.flat).toBe(div(r.inuseSpace.flat, r.allocSpace.flat))
    }
    const newEvent = row(insight, 'main.newEvent')
    expect(newEvent.annotation).toBe('inline')
    expect(newEvent.bytesPerObject.alloc.flat).toBe(32)
    expect(newEvent.retention.flat).toBe(1)
    expect(newEvent.tags).toEqual(['retained'])
    // The per-request 4 KiB scratch buffer and the JSON decoding: churn, kept nothing.
    expect(row(insight, 'main.(*server).handle').tags).toContain('churn')
    // buildTree keeps 46% of what it allocates, in objects of 16–64 B.
    expect(row(insight, 'main.buildTree').tags).toEqual(['small-objects'])
    const {overall, totals} = insight
    expect(overall.retention).toBe(totals.inuseSpace / totals.allocSpace)
    expect(overall.bytesPerObject.alloc).toBe(totals.allocSpace / totals.allocObjects)
  })

  it("orders rows like pprof's -top of the default sample type", () => {
    const p = loadFixture('heap/heap.pb.gz')
    const insight = heapInsight(p) as HeapInsight
    const asTop = insight.rows.map(({name, annotation, inuseSpace}) => ({
      name,
      annotation,
      ...inuseSpace,
    }))
    expect(asTop.length).toBeGreaterThan(50)
    expect(insight.rows.map((r) => r.name)).toEqual(sortTopRows(asTop, 'flat').map((r) => r.name))
    const top = computeTop(p, p.defaultSampleType).rows.map((r) => r.name)
    const inTop = new Set(top)
    expect(insight.rows.map((r) => r.name).filter((n) => inTop.has(n))).toEqual(top)
  })

  it('tags the leak, the ring buffer and the churn of the leak series', () => {
    const insight = heapInsight(loadFixture('leak/heap-005.pb.gz')) as HeapInsight
    expect(row(insight, 'main.leakyCachePut').tags).toContain('retained')
    expect(row(insight, 'main.steadyRing').tags).toContain('churn')
    expect(row(insight, 'strings.genSplit').tags).toContain('churn')
  })

  it('needs the four heap sample types', () => {
    expect(heapInsight(loadFixture('cpu/cpu.pb.gz'))).toBeNull()
  })
})

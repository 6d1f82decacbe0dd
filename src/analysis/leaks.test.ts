import {describe, expect, it} from 'vitest'
import {runInterleaved} from './steps-test-support'
import type {ValueType} from '../model/profile'
import {profileFromStacks} from '../test-utils/profile-from-stacks'
import {functionTable, pathTable} from './leak-tables'
import {
  leakSuspectSteps,
  rankLeakSuspects,
  risingR2,
  trend,
  type LeakOptions,
  type LeakRow,
} from './leaks'
import {orderSeries} from './series'
import {
  exactOracleName,
  leakSnapshots,
  loadFixture,
  readExactTop,
  syntheticHeapSeries,
  typeIndex,
} from './series-test-support'
import {computeTop} from './top'

const TYPES = ['inuse_space', 'inuse_objects', 'alloc_space', 'alloc_objects'] as const
const series = orderSeries(leakSnapshots())
const rankOf = (rows: LeakRow[], name: string) => rows.findIndex((r) => r.name === name)

describe('rankLeakSuspects on the leak series', () => {
  const report = rankLeakSuspects(series, {by: 'function', limit: Infinity})
  const rows = report.rows

  it('ranks the leaking site first, the steady and churning sites low', () => {
    expect(rows[0].name).toBe('main.leakyCachePut')
    expect(rows[0].inuseSpace.grewIntervals).toBe(5)
    expect(rows[0].inuseSpace.intervals).toBe(5)
    expect(rows[0].inuseSpace.r2).toBeGreaterThan(0.95)
    expect(rows[0].retainedFraction).toBeGreaterThan(0.9)
    const steady = rows[rankOf(rows, 'main.steadyRing')]
    expect(rankOf(rows, 'main.steadyRing')).toBeGreaterThan(2)
    expect(steady.score).toBe(0)
    expect(steady.inuseSpace.values).toEqual([131072, 131072, 131072, 131072, 131072, 131072])
    expect(steady.retainedFraction).toBe(0) // allocates all along, keeps a constant 128 KiB
    // main.churn allocates nothing itself (flat 0 everywhere): not an allocation site.
    expect(rankOf(rows, 'main.churn')).toBe(-1)
    expect(report.x).toBe('time')
    expect(report.warnings).toEqual([])
  })

  it('keeps churn low when ranking on cum too', () => {
    const cum = rankLeakSuspects(series, {by: 'function', basis: 'cum', limit: Infinity}).rows
    const churn = cum[rankOf(cum, 'main.churn')]
    expect(churn.score).toBe(0)
    expect(churn.allocGrowth).toBeGreaterThan(1_000_000)
    expect(churn.inuseSpace.values.every((v) => v === 96)).toBe(true)
    expect(cum[rankOf(cum, 'main.steadyRing')].score).toBe(0)
    // Callers of the leak grow as much as it does: why flat is the default.
    expect(rankOf(cum.slice(0, 5), 'main.leakyCachePut')).toBeGreaterThanOrEqual(0)
    expect(cum[0].other?.basis).toBe('flat')
  })

  it("has each snapshot's pprof -top numbers, flat and cum, for every type", () => {
    for (const type of TYPES) {
      const key = {
        inuse_space: 'inuseSpace',
        inuse_objects: 'inuseObjects',
        alloc_space: 'allocSpace',
        alloc_objects: 'allocObjects',
      }[type] as 'inuseSpace' | 'inuseObjects' | 'allocSpace' | 'allocObjects'
      series.profiles.forEach((p, i) => {
        const oracle = readExactTop(exactOracleName(`leak/${p.fileName}`, type))
        for (const row of rows) {
          const v = row[key]
          const flat = Array.isArray(v) ? v[i] : (v as {values: number[]}).values[i]
          expect(flat).toBe(oracle.rows.get(row.name)?.[0] ?? 0)
          if (type.startsWith('inuse')) {
            const cum = row.other?.[key as 'inuseSpace' | 'inuseObjects']?.[i]
            expect(cum).toBe(oracle.rows.get(row.name)?.[1] ?? 0)
          }
        }
        // Every function with a flat value in this snapshot has a row.
        for (const [name, [flat]] of oracle.rows) {
          if (flat !== 0) expect(rankOf(rows, name)).toBeGreaterThanOrEqual(0)
        }
      })
    }
  })

  it('gives growth, growth per hour and the capture-time totals', () => {
    const leak = rows[0]
    const [first, last] = [leak.inuseSpace.values[0], leak.inuseSpace.values[5]]
    expect(leak.inuseSpace.growth).toBe(last - first)
    const t = series.timesMillis as number[]
    expect(leak.inuseSpace.growthPerHour).toBeCloseTo((last - first) / ((t[5] - t[0]) / 3.6e6))
    const alloc = leak.allocSpace as number[]
    expect(leak.allocGrowth).toBe(alloc[5] - alloc[0])
    expect(report.totals.inuseSpace).toEqual(
      series.profiles.map(
        (p) => readExactTop(exactOracleName(`leak/${p.fileName}`, 'inuse_space')).total,
      ),
    )
  })
})

describe('functionTable', () => {
  const files = [
    'heap/heap.pb.gz',
    'heap/heap.txt',
    'leak/diff-005-minus-000.pb.gz',
    'edge/inlined.pb.gz',
    'edge/hostile-names.pb.gz',
    'edge/empty.pb.gz',
    'bench/mem.out',
  ]
  for (const file of files) {
    it(`${file}: flat and cum per function are computeTop's`, () => {
      const p = loadFixture(file)
      const types = TYPES.filter((t) => p.sampleTypes.some((s) => s.type === t))
      const table = functionTable([p], types, types)
      for (const type of types) {
        const ours = new Map<string, [number, number]>()
        table.names.forEach((name, k) => {
          const flat = table.flat.get(type)?.row(k)[0] ?? NaN
          const cum = table.cum?.get(type)?.row(k)[0] ?? NaN
          if (flat !== 0 || cum !== 0) ours.set(name, [flat, cum])
        })
        const top = computeTop(p, typeIndex(p, type)).rows
        expect(ours).toEqual(new Map(top.map((r) => [r.name, [r.flat, r.cum]])))
      }
    })
  }
})

describe('rankLeakSuspects by call path', () => {
  const rows = rankLeakSuspects(series, {by: 'path', limit: Infinity}).rows

  it('ranks the leaking call path first', () => {
    expect(rows[0].name).toBe('main.leakyCachePut')
    expect(rows[0].path?.[rows[0].path.length - 1]).toBe('main.leakyCachePut')
    expect(rows[0].path).toContain('main.main')
    expect(rows[0].basis).toBe('self')
    const steady = rows.filter((r) => r.name === 'main.steadyRing')
    expect(steady.length).toBeGreaterThan(0)
    expect(steady.every((r) => r.score === 0)).toBe(true)
    const churn = rows.filter((r) => r.path?.includes('main.churn'))
    expect(churn.length).toBeGreaterThan(0)
    expect(churn.every((r) => r.score < rows[0].score / 100)).toBe(true)
  })

  it("adds up, per leaf function, to each snapshot's flat", () => {
    for (const type of ['inuse_space', 'alloc_objects'] as const) {
      series.profiles.forEach((p, i) => {
        const oracle = readExactTop(exactOracleName(`leak/${p.fileName}`, type))
        const flat = new Map<string, number>()
        for (const r of rows) {
          const v = type === 'inuse_space' ? r.inuseSpace.values[i] : (r.allocObjects ?? [])[i]
          flat.set(r.name, (flat.get(r.name) ?? 0) + v)
        }
        for (const [name, [f]] of oracle.rows) expect(flat.get(name) ?? 0).toBe(f)
      })
    }
  })
})

const HEAP: ValueType[] = TYPES.map((type) => ({
  type,
  unit: type.endsWith('space') ? 'bytes' : 'count',
}))

function snapshot(fileName: string, timeMillis: number, text: string) {
  return profileFromStacks(text, {sampleTypes: HEAP, meta: {fileName, timeMillis}})
}

describe('rankLeakSuspects on made-up series', () => {
  it('uses positions and no rates when the capture times are unknown', () => {
    const s = orderSeries([
      snapshot('h-2', 0, 'main;leak 200 2 200 2\nmain;noisy 50 1 900 9'),
      snapshot('h-1', 0, 'main;leak 100 1 100 1\nmain;noisy 90 1 500 5'),
      snapshot('h-3', 0, 'main;leak 300 3 300 3\nmain;noisy 60 1 1300 13'),
    ])
    const report = rankLeakSuspects(s, {by: 'function'})
    expect(report.x).toBe('index')
    expect(report.rows.map((r) => r.name)).toEqual(['leak', 'noisy'])
    const leak = report.rows[0]
    expect(leak.inuseSpace.values).toEqual([100, 200, 300])
    expect(leak.inuseSpace.growthPerHour).toBeNull()
    expect(leak.inuseSpace.r2).toBe(1)
    expect(leak.score).toBeCloseTo(200 / 360) // growth ÷ largest total × 2/2 × 1
    expect(report.rows[1].score).toBe(0) // fell from first to last
  })

  it('limits the rows and warns on a series that cannot show growth', () => {
    const one = orderSeries([snapshot('a', 1, 'main;x 1 1 1 1')])
    expect(rankLeakSuspects(one, {by: 'function'}).warnings[0]).toMatch(/at least two/)
    const cpu = orderSeries([profileFromStacks('main 1'), profileFromStacks('main 2')])
    const report = rankLeakSuspects(cpu, {by: 'path'})
    expect(report.rows).toEqual([])
    expect(report.warnings[0]).toMatch(/heap profiles/)
    const many = orderSeries([
      snapshot('a', 1, 'main;x 1 1 1 1\nmain;y 1 1 1 1'),
      snapshot('b', 2, 'main;x 2 2 2 2\nmain;y 3 3 3 3'),
    ])
    const limited = rankLeakSuspects(many, {by: 'function', limit: 1})
    expect(limited.rows.map((r) => r.name)).toEqual(['y'])
    expect(limited.candidates).toBe(2)
  })
})

describe('trend and risingR2', () => {
  it('scores steady growth by size, steadiness and fit', () => {
    const x = [0, 1, 2, 3]
    expect(risingR2(x, [1, 2, 3, 4])).toBe(1)
    expect(risingR2(x, [4, 3, 2, 1])).toBe(0)
    expect(risingR2(x, [5, 5, 5, 5])).toBe(0)
    expect(risingR2(x, [0, 10, 0, 10])).toBeCloseTo(0.2)
    const t = trend([10, 20, 15, 40], x, 2, 100)
    expect(t.growth).toBe(30)
    expect(t.growthPerHour).toBe(15)
    expect(t.grewIntervals).toBe(2)
    expect(t.score).toBeCloseTo(0.3 * (2 / 3) * t.r2)
    expect(trend([7], [0], null, 10)).toMatchObject({growth: 0, intervals: 0, score: 0})
  })
})

describe('leakSuspectSteps on a big series', () => {
  // 6 snapshots of ~4,800 samples on ~14,000 call paths and ~6,000 functions: several blocks of
  // every table, several steps per snapshot.
  const big = orderSeries(syntheticHeapSeries(6, 6000))
  const options: LeakOptions[] = [
    {by: 'function', limit: Infinity},
    {by: 'function', basis: 'cum', limit: 50},
    {by: 'path', limit: Infinity},
    {by: 'path', limit: 50},
  ]

  for (const o of options) {
    it(`gives rankLeakSuspects' report in steps, two runs at a time: ${JSON.stringify(o)}`, () => {
      const expected = rankLeakSuspects(big, o)
      expect(expected.candidates).toBeGreaterThan(o.by === 'path' ? 8192 : 4096)
      const runs = [leakSuspectSteps(big, o), leakSuspectSteps(big, o)]
      const {results, steps} = runInterleaved(runs, (progress) => {
        expect(progress.total).toBeGreaterThan(0)
        expect(progress.done).toBeLessThanOrEqual(progress.total)
      })
      expect(steps).toBeGreaterThan(2 * 6 * 2)
      expect(results).toEqual([expected, expected])
    })
  }

  it("has each snapshot's computeTop flat and cum per function", () => {
    const table = functionTable(big.profiles, TYPES, TYPES)
    big.profiles.forEach((p, i) => {
      for (const type of ['inuse_space', 'alloc_objects'] as const) {
        const ours = new Map<string, [number, number]>()
        table.names.forEach((name, k) => {
          const flat = table.flat.get(type)?.row(k)[i] ?? NaN
          const cum = table.cum?.get(type)?.row(k)[i] ?? NaN
          if (flat !== 0 || cum !== 0) ours.set(name, [flat, cum])
        })
        const top = computeTop(p, typeIndex(p, type)).rows
        expect(ours).toEqual(new Map(top.map((r) => [r.name, [r.flat, r.cum]])))
      }
    })
  })

  it('sums the samples of each call path, matched by name across snapshots', () => {
    // The reference: paths keyed by their names joined, values per type and snapshot.
    const n = big.profiles.length
    const expected = new Map<string, number[]>()
    big.profiles.forEach((p, i) => {
      TYPES.forEach((type, t) => {
        const values = p.samples.values[typeIndex(p, type)]
        for (let s = 0; s < p.samples.length; s++) {
          if (p.samples.stack[s] < 0 || values[s] === 0) continue
          const names: string[] = []
          for (let e = p.samples.stack[s]; e >= 0; e = p.stacks.prefix[e]) {
            names.push(p.strings[p.funcs.name[p.frames.func[p.stacks.frame[e]]]])
          }
          const key = names.reverse().join('\n')
          let row = expected.get(key)
          if (!row) expected.set(key, (row = new Array<number>(TYPES.length * n).fill(0)))
          row[t * n + i] += values[s]
        }
      })
    })
    const table = pathTable(big.profiles, TYPES)
    const ours = new Map<string, number[]>()
    table.names.forEach((name, k) => {
      const path = table.path(k) ?? []
      expect(path[path.length - 1]).toBe(name)
      const key = path.join('\n')
      expect(ours.has(key)).toBe(false)
      ours.set(key, TYPES.flatMap((type) => Array.from(table.flat.get(type)?.row(k) ?? [])))
    })
    expect(ours.size).toBeGreaterThan(8192)
    expect(ours).toEqual(expected)
  })
})

import {describe, expect, it} from 'vitest'
import {profileFromStacks} from '../test-utils/profile-from-stacks'
import {
  commonSampleTypes,
  compareNatural,
  elapsedMillis,
  orderSeries,
  sampleTypeIndex,
  seriesTotals,
} from './series'
import {exactOracleName, leakSnapshots, loadFixture, readExactTop} from './series-test-support'

function named(fileName: string, timeMillis = 0) {
  return profileFromStacks('main 1', {meta: {fileName, timeMillis}})
}

// A profile with a second sample type, 'other'.
function twoTypes(fileName: string, timeMillis: number) {
  const sampleTypes = [
    {type: 'samples', unit: 'count'},
    {type: 'other', unit: 'count'},
  ]
  return profileFromStacks('main 1 2', {sampleTypes, meta: {fileName, timeMillis}})
}

describe('compareNatural', () => {
  it('orders digit runs by number', () => {
    const names = ['heap-10.pb.gz', 'heap-2.pb.gz', 'heap-1.pb.gz', 'heap-002.pb.gz', 'a', 'heap']
    expect([...names].sort(compareNatural)).toEqual([
      'a',
      'heap',
      'heap-1.pb.gz',
      'heap-002.pb.gz',
      'heap-2.pb.gz',
      'heap-10.pb.gz',
    ])
  })

  it('compares text runs in Go order and huge numbers without overflow', () => {
    expect(compareNatural('b1', 'a2')).toBeGreaterThan(0)
    expect(compareNatural('x99999999999999999999', 'x100000000000000000000')).toBeLessThan(0)
    expect(compareNatural('same', 'same')).toBe(0)
  })
})

describe('orderSeries', () => {
  it('orders the leak snapshots by capture time', () => {
    const series = orderSeries(leakSnapshots())
    expect(series.orderedBy).toBe('time')
    expect(series.profiles.map((p) => p.fileName)).toEqual(
      [0, 1, 2, 3, 4, 5].map((i) => `heap-00${i}.pb.gz`),
    )
    expect(series.warnings).toEqual([])
    const times = series.timesMillis as number[]
    expect(times.every((t, i) => i === 0 || t > times[i - 1])).toBe(true)
    expect(elapsedMillis(series)?.[0]).toBe(0)
  })

  it('falls back to natural file-name order when a time is missing, and says so', () => {
    const series = orderSeries([named('s-10', 5), named('s-9', 9), named('s-1', 0)])
    expect(series.orderedBy).toBe('name')
    expect(series.profiles.map((p) => p.fileName)).toEqual(['s-1', 's-9', 's-10'])
    expect(series.timesMillis).toEqual([null, 9, 5])
    expect(series.warnings.join(' ')).toMatch(/1 of 3 profiles do not record/)
    expect(elapsedMillis(series)).toBeNull()
  })

  it('warns about a diff profile in the series', () => {
    const diff = loadFixture('leak/diff-005-minus-000.pb.gz')
    const series = orderSeries([...leakSnapshots().slice(0, 2), diff])
    expect(series.warnings).toContain(
      'diff-005-minus-000.pb.gz is a comparison (diff) profile, not a snapshot.',
    )
  })

  it('breaks equal times by name and warns about them, other binaries and sample types', () => {
    const a = named('b', 7)
    const b = {...named('a', 7), buildId: 'x'}
    const c = {...named('c', 8), buildId: 'y'}
    const series = orderSeries([twoTypes('d', 9), c, b, a])
    expect(series.profiles.map((p) => p.fileName)).toEqual(['a', 'b', 'c', 'd'])
    expect(series.warnings).toEqual([
      'a and b have the same capture time.',
      'The profiles come from different binaries (build ID or main file differ).',
      'The profiles do not all have the same sample types.',
    ])
    expect(elapsedMillis(series)).toBeNull()
  })
})

describe('seriesTotals', () => {
  it("gives each snapshot's pprof report total", () => {
    const series = orderSeries(leakSnapshots())
    expect(commonSampleTypes(series)).toEqual([
      'alloc_objects',
      'alloc_space',
      'inuse_objects',
      'inuse_space',
    ])
    for (const type of ['inuse_space', 'inuse_objects', 'alloc_space']) {
      const points = seriesTotals(series, type)
      expect(points.map((p) => p.total)).toEqual(
        points.map((p) => readExactTop(exactOracleName(`leak/${p.fileName}`, type)).total),
      )
      expect(points.map((p) => p.index)).toEqual([0, 1, 2, 3, 4, 5])
    }
  })

  it('gives null for a snapshot without the sample type', () => {
    const series = orderSeries([named('a', 1), twoTypes('b', 2)])
    expect(sampleTypeIndex(series.profiles[1], 'other')).toBe(1)
    expect(seriesTotals(series, 'other').map((p) => p.total)).toEqual([null, 2])
  })
})

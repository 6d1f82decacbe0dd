import {describe, expect, it} from 'vitest'
import {runInterleaved} from './steps-test-support'
import type {Profile} from '../model/profile'
import {HEAP_SAMPLE_TYPES, profileFromStacks} from '../test-utils/profile-from-stacks'
import {
  checkComparable,
  isBaseColumn,
  mergeForDiff,
  mergeForDiffSteps,
  reportTotal,
  type DiffOptions,
} from './diff'
import {syntheticHeapSeries} from './series-test-support'
import {computeTop, sampleTotal} from './top'

const BASE: DiffOptions = {mode: 'base', normalize: false}
const DIFF_BASE: DiffOptions = {mode: 'diff_base', normalize: false}

function heap(text: string, meta: Partial<Profile> = {}, bytes?: number[]): Profile {
  const p = profileFromStacks(text, {
    sampleTypes: HEAP_SAMPLE_TYPES,
    meta: {periodType: {type: 'space', unit: 'bytes'}, period: 524288, ...meta},
  })
  if (bytes) p.samples.bytes = Float64Array.from(bytes)
  return p
}

function rows(p: Profile, sampleType = 0): Record<string, [number, number]> {
  return Object.fromEntries(computeTop(p, sampleType).rows.map((r) => [r.name, [r.flat, r.cum]]))
}

// Every merged sample as "root;…;leaf v1 v2 …", in order.
function dump(p: Profile): string[] {
  const out: string[] = []
  for (let s = 0; s < p.samples.length; s++) {
    const names: string[] = []
    for (let e = p.samples.stack[s]; e >= 0; e = p.stacks.prefix[e]) {
      names.push(p.strings[p.funcs.name[p.frames.func[p.stacks.frame[e]]]])
    }
    const values = p.samples.values.map((col) => col[s])
    out.push(`${names.reverse().join(';') || '-'} ${values.join(' ')}`)
  }
  return out
}

describe('mergeForDiff, -base', () => {
  it('cancels identical stacks and keeps the net of the others', () => {
    const current = profileFromStacks('main;a 10\nmain;b 5\nmain;c 7')
    const base = profileFromStacks('main;a 10\nmain;b 8\nmain;d 3')
    const merged = mergeForDiff(current, base, BASE)
    expect(dump(merged)).toEqual(['main;b -3', 'main;c 7', 'main;d -3'])
    expect(rows(merged)).toEqual({c: [7, 7], b: [-3, -3], d: [-3, -3], main: [0, 1]})
    expect(reportTotal(merged, 0)).toBe(13)
    expect(sampleTotal(merged, 0)).toBe(13)
  })

  it('keeps only the functions, frames and stacks that samples still use', () => {
    const p = profileFromStacks('main;a;gone 10\nmain;b 5')
    const merged = mergeForDiff(p, profileFromStacks('main;a;gone 10'), BASE)
    expect(merged.funcs.length).toBe(2)
    expect(merged.stacks.length).toBe(2)
    expect(merged.strings).toEqual(['', 'main', 'b'])
  })

  it('gives an empty profile for a profile minus itself', () => {
    const p = heap('main;a 1 2 3 4\nmain;b 5 6 7 8')
    const merged = mergeForDiff(p, p, BASE)
    expect(merged.samples.length).toBe(0)
    expect(merged.stacks.length).toBe(0)
    expect(computeTop(merged, 3)).toEqual({rows: [], total: 0})
  })

  it('adds up identical samples of one profile, and skips all-zero ones', () => {
    const current = profileFromStacks('main;a 1\nmain;a 2\nmain;z 0\n- 4')
    const merged = mergeForDiff(current, profileFromStacks('main;a 1'), BASE)
    expect(dump(merged)).toEqual(['main;a 2', '- 4'])
  })

  it('keys samples by the bytes label: same stack, other size does not cancel', () => {
    const current = heap('main;a 1 32 1 32\nmain;a 1 64 1 64', {}, [32, 64])
    const base = heap('main;a 1 32 1 32\nmain;a 2 32 0 0', {}, [32, NaN])
    const merged = mergeForDiff(current, base, BASE)
    expect(dump(merged)).toEqual(['main;a 1 64 1 64', 'main;a -2 -32 0 0'])
    expect(Array.from(merged.samples.bytes ?? [])).toEqual([64, NaN])
    // a's flat is 64 - 32 bytes, but the total counts both samples: Σ|v|.
    expect(rows(merged, 1)).toEqual({a: [32, 32], main: [0, 32]})
    expect(reportTotal(merged, 1)).toBe(96)
  })

  it('shows new and removed functions as positive and negative rows', () => {
    const current = profileFromStacks('main;old;common 5\nmain;fresh 9')
    const base = profileFromStacks('main;old;common 5\nmain;gone 4')
    const r = rows(mergeForDiff(current, base, BASE))
    expect(r).toEqual({fresh: [9, 9], gone: [-4, -4], main: [0, 5]})
  })

  it('merges frames by name, file, line and inlining, not by table index', () => {
    const current = profileFromStacks('main;x[line:3] 1\nmain;y[inline] 2')
    const base = profileFromStacks('main;y 2\nmain;x[line:3] 1\nmain;y[inline] 2')
    const merged = mergeForDiff(current, base, BASE)
    expect(dump(merged)).toEqual(['main;y -2'])
    expect(merged.frames.inlined[merged.stacks.frame[merged.samples.stack[0]]]).toBe(0)
  })
})

describe('mergeForDiff, -diff_base', () => {
  it('keeps base samples apart, marks them, and reports the base total', () => {
    const current = profileFromStacks('main;a 10\nmain;b 5')
    const base = profileFromStacks('main;a 10\nmain;a 2\nmain;c 4')
    const merged = mergeForDiff(current, base, DIFF_BASE)
    expect(dump(merged)).toEqual(['main;a 10', 'main;b 5', 'main;a -12', 'main;c -4'])
    expect(Array.from(isBaseColumn(merged) ?? [])).toEqual([0, 0, 1, 1])
    expect(rows(merged)).toEqual({b: [5, 5], c: [-4, -4], a: [-2, -2], main: [0, -1]})
    expect(reportTotal(merged, 0)).toBe(16)
    expect(sampleTotal(merged, 0)).toBe(16) // top.ts honours isBase too
  })

  it('falls back to the whole total when the base sums to 0 for that type', () => {
    const current = heap('main;a 1 10 1 10')
    const base = heap('main;a 2 20 0 0')
    const merged = mergeForDiff(current, base, DIFF_BASE)
    expect(reportTotal(merged, 1)).toBe(20)
    expect(reportTotal(merged, 3)).toBe(10)
  })

  it('has no isBase column in -base mode', () => {
    const p = profileFromStacks('main 1')
    expect(isBaseColumn(mergeForDiff(p, p, BASE))).toBeNull()
  })
})

describe('mergeForDiff, -normalize', () => {
  it('scales the current profile to the base sums, rounding halves away from zero', () => {
    // Σ current = 40, Σ base = 10: ratio 0.25. 2 → 0.5 → 1 (Go's Round), 6 → 1.5 → 2,
    // 1 → 0.25 → 0 (dropped), 31 → 7.75 → 8.
    const current = profileFromStacks('main;a 2\nmain;b 6\nmain;c 1\nmain;d 31')
    const base = profileFromStacks('main;d 10')
    const merged = mergeForDiff(current, base, {mode: 'base', normalize: true})
    expect(dump(merged)).toEqual(['main;a 1', 'main;b 2', 'main;d -2'])
  })

  it('uses a ratio per sample type, and keeps a sample only if a rescaled value is nonzero', () => {
    // Type 0 sums are equal (ratio 1); type 1 has ratio 0.1. pprof's ScaleN decides from the
    // rescaled types only, so (5, 3) → (5, 0) is dropped although its first value is 5.
    const types = [
      {type: 'alloc_objects', unit: 'count'},
      {type: 'alloc_space', unit: 'bytes'},
    ]
    const current = profileFromStacks('main;a 5 3\nmain;b 5 97', {sampleTypes: types})
    const base = profileFromStacks('main;b 10 10', {sampleTypes: types})
    const merged = mergeForDiff(current, base, {mode: 'diff_base', normalize: true})
    expect(dump(merged)).toEqual(['main;b 5 10', 'main;b -10 -10'])
  })

  it('gives ratio 0 when the current profile sums to 0', () => {
    const types = [{type: 'delay', unit: 'nanoseconds'}]
    const current = profileFromStacks('main;a 5\nmain;b -5', {sampleTypes: types})
    const merged = mergeForDiff(current, profileFromStacks('main;a 3', {sampleTypes: types}), {
      mode: 'diff_base',
      normalize: true,
    })
    expect(dump(merged)).toEqual(['main;a -3'])
  })
})

describe('units and headers', () => {
  it('unifies units to the finer one, scaling the coarser profile', () => {
    const kb = [{type: 'inuse_space', unit: 'kilobytes'}]
    const b = [{type: 'inuse_space', unit: 'bytes'}]
    const current = profileFromStacks('main;a 3', {sampleTypes: kb})
    const base = profileFromStacks('main;a 1000', {sampleTypes: b})
    const merged = mergeForDiff(current, base, BASE)
    expect(merged.sampleTypes).toEqual(b)
    expect(dump(merged)).toEqual(['main;a 2072'])
  })

  it('combines headers like pprof', () => {
    const current = heap('main 1 1 1 1', {
      timeMillis: 2000,
      durationNanos: 5,
      period: 1000,
      comments: ['x', 'y'],
      mainFile: '/bin/app',
      buildId: 'abc',
      dropFrames: 'drop',
    })
    const base = heap('main 1 1 1 1', {timeMillis: 1000, durationNanos: 7, comments: ['y', 'z']})
    const merged = mergeForDiff(current, base, BASE)
    expect(merged).toMatchObject({
      fileName: 'test.pb.gz vs test.pb.gz',
      timeMillis: 1000,
      durationNanos: 12,
      period: 524288,
      comments: ['x', 'y', 'z'],
      mainFile: '/bin/app',
      buildId: 'abc',
      dropFrames: 'drop',
      defaultSampleType: 3,
    })
    expect(merged.id).not.toBe(current.id)
    // pprof's quirk: a later profile without a time wins.
    expect(mergeForDiff(current, heap('main 1 1 1 1', {timeMillis: 0}), BASE).timeMillis).toBe(0)
    expect(mergeForDiff(heap('main 1 1 1 1', {timeMillis: 0}), base, BASE).timeMillis).toBe(1000)
  })

  it("takes the base's default sample type when the current profile has none", () => {
    const allocs = heap('main 1 1 1 1', {defaultSampleType: 1})
    expect(mergeForDiff(heap('main 2 2 2 2'), allocs, BASE).defaultSampleType).toBe(1)
    expect(mergeForDiff(allocs, heap('main 2 2 2 2'), BASE).defaultSampleType).toBe(1)
  })
})

describe('checkComparable', () => {
  const cpu = profileFromStacks('main 1 1', {
    sampleTypes: [
      {type: 'samples', unit: 'count'},
      {type: 'cpu', unit: 'nanoseconds'},
    ],
    meta: {periodType: {type: 'cpu', unit: 'nanoseconds'}, period: 10000000},
  })

  it('refuses different sample types, like pprof', () => {
    const result = checkComparable(heap('main 1 1 1 1'), cpu)
    expect(result.error).toBe(
      'incompatible period types space/bytes and cpu/nanoseconds',
    )
    const noPeriod = {...cpu, periodType: {type: 'space', unit: 'bytes'}}
    expect(checkComparable(heap('main 1 1 1 1'), noPeriod).error).toBe(
      'incompatible sample types [alloc_objects/count alloc_space/bytes inuse_objects/count ' +
        'inuse_space/bytes] and [samples/count cpu/nanoseconds]',
    )
    const merge = () => mergeForDiff(heap('main 1 1 1 1'), cpu, BASE)
    expect(merge).toThrow(/^incompatible period types/)
  })

  it('refuses a period type on one side only', () => {
    const p = profileFromStacks('main 1')
    const q = profileFromStacks('main 1', {meta: {periodType: {type: 'space', unit: 'bytes'}}})
    expect(checkComparable(p, q).error).toBe('incompatible period types <none> and space/bytes')
    expect(checkComparable(p, p).error).toBeNull()
  })

  it('accepts units of one family, except with -normalize', () => {
    const of = (unit: string) =>
      profileFromStacks('main 1', {sampleTypes: [{type: 'inuse_space', unit}]})
    const kb = of('kilobytes')
    const b = of('bytes')
    const count = of('count')
    expect(checkComparable(kb, b).error).toBeNull()
    expect(checkComparable(kb, b, {normalize: true}).error).toMatch(/^incompatible sample types/)
    expect(checkComparable(kb, count).error).toMatch(/^incompatible sample types/)
  })

  it('warns about different periods and binaries', () => {
    const a = heap('main 1 1 1 1', {mainFile: '/bin/app', buildId: 'aa'})
    const b = heap('main 1 1 1 1', {mainFile: '/bin/other', buildId: 'bb', period: 1048576})
    const result = checkComparable(a, b)
    expect(result.error).toBeNull()
    expect(result.warnings).toEqual([
      'different sampling periods: 512kB in the current profile, 1MB in the base; sampled ' +
        'values are estimates at different rates',
      'different binaries: app (current) and other (base)',
      'different build ids: aa (current) and bb (base)',
    ])
    expect(checkComparable(a, a).warnings).toEqual([])
  })
})

describe('mergeForDiffSteps', () => {
  // Two made-up snapshots of ~4,800 samples each on ~40,000 stack entries.
  const [older, newer] = syntheticHeapSeries(2, 6000)
  const withoutId = ({id, ...rest}: Profile) => (expect(id).toBeGreaterThan(0), rest)

  for (const options of [BASE, DIFF_BASE, {mode: 'diff_base', normalize: true} as const]) {
    it(`gives mergeForDiff's profile in steps, two at once: ${JSON.stringify(options)}`, () => {
      const expected = withoutId(mergeForDiff(newer, older, options))
      const runs = [0, 1].map(() => mergeForDiffSteps(newer, older, options))
      const {results, steps} = runInterleaved(runs)
      expect(steps).toBeGreaterThan(2 * 8)
      expect(results.map(withoutId)).toEqual([expected, expected])
    })
  }

  it('throws at its first step when the profiles cannot be compared', () => {
    const steps = mergeForDiffSteps(newer, profileFromStacks('main 1'), BASE)
    expect(() => steps.next()).toThrow(/sample types/)
  })
})

import {readFileSync} from 'node:fs'
import {fileURLToPath} from 'node:url'
import {describe, expect, it} from 'vitest'
import {decodeProfileBytes} from '../decode/index'
import {isHeapProfile, type Profile} from '../model/profile'
import {HEAP_SAMPLE_TYPES, profileFromStacks} from '../test-utils/profile-from-stacks'
import {isBaseColumn, mergeForDiff, nextDiffProfileId} from './diff'
import {
  changeTableSteps,
  summarizeChangesSteps,
  toMarkdown,
  whatChanged,
  whatChangedSteps,
  type ChangeSummary,
  type FunctionChange,
} from './diff-changes'
import {loadFixture, syntheticHeapSeries, typeIndex} from './series-test-support'
import {runSteps} from './steps'
import {compareNames, computeTop} from './top'

const heap = (text: string) => profileFromStacks(text, {sampleTypes: HEAP_SAMPLE_TYPES})
const INUSE_SPACE = 3

// alloc_objects alloc_space inuse_objects inuse_space
const base = heap(`
  main;cache;put   10 10240 10 10240
  main;ring        4  4096  4  4096
  main;old         1  100   1  100
  main;steady      2  2048  2  2048
`)
const current = heap(`
  main;cache;put   30 30720 30 30720
  main;ring        4  4096  1  1024
  main;fresh       5  5000  5  5000
  main;steady      2  2048  2  2048
`)

const names = (list: FunctionChange[]) => list.map((c) => c.name)

describe('whatChanged', () => {
  it('lists what grew, shrank, appeared and disappeared', () => {
    const s = whatChanged(current, base, INUSE_SPACE)
    expect(names(s.grew)).toEqual(['put'])
    expect(names(s.shrank)).toEqual(['ring'])
    expect(names(s.appeared)).toEqual(['fresh'])
    expect(names(s.disappeared)).toEqual(['old'])
    expect(s.total).toEqual({base: 16484, current: 38792, delta: 22308})
    expect(s.spaceType?.type).toBe('inuse_space')
    expect(s.objectsType?.type).toBe('inuse_objects')
  })

  it('gives flat and cum, space and objects, in both profiles', () => {
    const put = whatChanged(current, base, INUSE_SPACE).grew[0]
    expect(put.selected.flat).toEqual({base: 10240, current: 30720, delta: 20480})
    expect(put.objects?.flat).toEqual({base: 10, current: 30, delta: 20})
    expect(put.space).toEqual(put.selected)
  })

  it('ranks by cum when asked, and takes the alloc pair for an alloc type', () => {
    const s = whatChanged(current, base, 1, {by: 'cum'})
    expect(s.spaceType?.type).toBe('alloc_space')
    expect(s.objectsType?.type).toBe('alloc_objects')
    // main's cum grew by 26380 - 16484 = 9896+…, more than cache (no flat) and put.
    expect(names(s.grew)).toEqual(['main', 'cache', 'put'])
    expect(names(s.shrank)).toEqual([])
  })

  it('limits the lists', () => {
    const s = whatChanged(current, base, 1, {by: 'cum', limit: 1})
    expect(names(s.grew)).toEqual(['main'])
  })

  it('has no space/objects columns for other profiles', () => {
    const a = profileFromStacks('main;a 5\nmain;b 1')
    const b = profileFromStacks('main;a 2\nmain;c 1')
    const s = whatChanged(a, b, 0)
    expect(s.grew[0].space).toBeNull()
    expect(names(s.appeared)).toEqual(['b'])
    expect(names(s.disappeared)).toEqual(['c'])
  })
})

describe('toMarkdown', () => {
  it('renders the lists as tables, heap cells with objects', () => {
    const md = toMarkdown(whatChanged(current, base, INUSE_SPACE), {
      baseName: 'heap-000.pb.gz',
      currentName: 'heap-005.pb.gz',
    })
    expect(md).toBe(
      [
        '**inuse_space**: `heap-000.pb.gz` → `heap-005.pb.gz`: ' +
          '16.10kB → 37.88kB (+21.79kB, +135.3%)',
        '',
        '**Grew most (by flat)**',
        '',
        '| Function | Δ flat | flat (base → current) | Δ cum | cum (base → current) |',
        '| --- | ---: | ---: | ---: | ---: |',
        '| `put` | +20kB (+20 objects) | 10kB → 30kB (10 → 30 objects) | +20kB (+20 objects) | ' +
          '10kB → 30kB (10 → 30 objects) |',
        '',
        '**Shrank most (by flat)**',
        '',
        '| Function | Δ flat | flat (base → current) | Δ cum | cum (base → current) |',
        '| --- | ---: | ---: | ---: | ---: |',
        '| `ring` | -3kB (-3 objects) | 4kB → 1kB (4 → 1 objects) | -3kB (-3 objects) | ' +
          '4kB → 1kB (4 → 1 objects) |',
        '',
        '**Appeared**',
        '',
        '| Function | Δ flat | flat (base → current) | Δ cum | cum (base → current) |',
        '| --- | ---: | ---: | ---: | ---: |',
        '| `fresh` | +4.88kB (+5 objects) | 0 → 4.88kB (0 → 5 objects) | +4.88kB (+5 objects) | ' +
          '0 → 4.88kB (0 → 5 objects) |',
        '',
        '**Disappeared**',
        '',
        '| Function | Δ flat | flat (base → current) | Δ cum | cum (base → current) |',
        '| --- | ---: | ---: | ---: | ---: |',
        '| `old` | -100B (-1 objects) | 100B → 0 (1 → 0 objects) | -100B (-1 objects) | ' +
          '100B → 0 (1 → 0 objects) |',
        '',
      ].join('\n'),
    )
  })

  it('escapes pipes and says when a list is empty', () => {
    const a = profileFromStacks('main;a|b 5')
    const md = toMarkdown(whatChanged(a, profileFromStacks('main;a|b 2'), 0))
    expect(md).toContain('| `a\\|b` | +3 | 2 → 5 | +3 | 2 → 5 |')
    expect(md).toContain('**Shrank most (by flat)**\n\n_none_\n')
  })
})

describe('whatChanged on fixtures/leak', () => {
  const read = (name: string) =>
    readFileSync(fileURLToPath(new URL(`../../fixtures/leak/${name}`, import.meta.url)))
  const load = (name: string) => decodeProfileBytes(new Uint8Array(read(name)), name)

  it('finds the leak in heap-005 against heap-000', () => {
    const s = whatChanged(load('heap-005.pb.gz'), load('heap-000.pb.gz'), INUSE_SPACE)
    expect(s.grew[0].name).toBe('main.leakyCachePut')
    // Agrees with `go tool pprof -top -unit=B -base heap-000.pb.gz heap-005.pb.gz`.
    const oracle = read('heap-005.pb.gz.base-000.top.inuse_space.exact.txt').toString('utf8')
    const row = oracle.split('\n').find((l) => l.endsWith('  main.leakyCachePut'))
    const [flat, , , cum] = (row ?? '').trim().split(/\s+/)
    expect(`${s.grew[0].selected.flat.delta}B`).toBe(flat)
    expect(`${s.grew[0].selected.cum.delta}B`).toBe(cum)
  })
})

// whatChanged as it was first written: each side of the merge as a profile of its own, its
// -top rows from computeTop (pprof's numbers, through the call tree). The stepped version
// computes the same values from the samples directly; both must give the same summary.
function referenceWhatChanged(
  current: Profile,
  base: Profile,
  sampleType: number,
  options: {normalize?: boolean; by?: 'flat' | 'cum'; limit?: number} = {},
): ChangeSummary {
  const by = options.by ?? 'flat'
  const limit = options.limit ?? 10
  const normalize = options.normalize ?? false
  const merged = mergeForDiff(current, base, {mode: 'diff_base', normalize})
  const isBase = isBaseColumn(merged) ?? new Uint8Array(merged.samples.length)
  const sideOf = (wantBase: boolean): Profile => {
    const keep: number[] = []
    for (let s = 0; s < merged.samples.length; s++) if ((isBase[s] === 1) === wantBase) keep.push(s)
    const sign = wantBase ? -1 : 1
    const bytes = merged.samples.bytes
    return {
      ...merged,
      id: nextDiffProfileId(),
      samples: {
        stack: Int32Array.from(keep, (s) => merged.samples.stack[s]),
        values: merged.samples.values.map((col) => Float64Array.from(keep, (s) => sign * col[s])),
        bytes: bytes === null ? null : Float64Array.from(keep, (s) => bytes[s]),
        length: keep.length,
      },
    }
  }
  type Rows = Map<string, {flat: number; cum: number}>
  const rowsOf = (p: Profile, t: number): Rows =>
    new Map(computeTop(p, t).rows.map((r) => [r.name, {flat: r.flat, cum: r.cum}]))
  const change = (b: number, c: number) => ({base: b, current: c, delta: c - b})
  const flatCum = (name: string, b: Rows, c: Rows) => {
    const x = b.get(name) ?? {flat: 0, cum: 0}
    const y = c.get(name) ?? {flat: 0, cum: 0}
    return {flat: change(x.flat, y.flat), cum: change(x.cum, y.cum)}
  }
  const sides = {base: sideOf(true), current: sideOf(false)}
  const types = merged.sampleTypes
  let space = -1
  let objects = -1
  if (isHeapProfile(merged)) {
    const kind = types[sampleType].type.startsWith('alloc_') ? 'alloc_' : 'inuse_'
    space = types.findIndex((t) => t.type === kind + 'space')
    objects = types.findIndex((t) => t.type === kind + 'objects')
  }
  const rows = (t: number) => ({base: rowsOf(sides.base, t), current: rowsOf(sides.current, t)})
  const sel = rows(sampleType)
  const spaceRows = space >= 0 ? rows(space) : null
  const objectRows = objects >= 0 ? rows(objects) : null
  const all: FunctionChange[] = [...new Set([...sel.current.keys(), ...sel.base.keys()])].map(
    (name) => ({
      name,
      selected: flatCum(name, sel.base, sel.current),
      space: spaceRows && flatCum(name, spaceRows.base, spaceRows.current),
      objects: objectRows && flatCum(name, objectRows.base, objectRows.current),
    }),
  )
  const other = by === 'flat' ? 'cum' : 'flat'
  const abs = Math.abs
  const inBoth = all.filter((c) => sel.base.has(c.name) && sel.current.has(c.name))
  const top = (list: FunctionChange[], compare: (a: FunctionChange, b: FunctionChange) => number) =>
    list.sort((a, b) => compare(a, b) || compareNames(a.name, b.name)).slice(0, limit)
  const sum = (p: Profile) => p.samples.values[sampleType].reduce((acc, v) => acc + v, 0)
  return {
    sampleType: types[sampleType],
    spaceType: space >= 0 ? types[space] : null,
    objectsType: objects >= 0 ? types[objects] : null,
    by,
    total: change(sum(sides.base), sum(sides.current)),
    grew: top(
      inBoth.filter((c) => c.selected[by].delta > 0),
      (a, b) => b.selected[by].delta - a.selected[by].delta,
    ),
    shrank: top(
      inBoth.filter((c) => c.selected[by].delta < 0),
      (a, b) => a.selected[by].delta - b.selected[by].delta,
    ),
    appeared: top(
      all.filter((c) => !sel.base.has(c.name)),
      (a, b) =>
        abs(b.selected[by].current) - abs(a.selected[by].current) ||
        abs(b.selected[other].current) - abs(a.selected[other].current),
    ),
    disappeared: top(
      all.filter((c) => !sel.current.has(c.name)),
      (a, b) =>
        abs(b.selected[by].base) - abs(a.selected[by].base) ||
        abs(b.selected[other].base) - abs(a.selected[other].base),
    ),
  }
}

describe('whatChanged in steps', () => {
  const pairs: [string, Profile, Profile][] = [
    ['leak 005 vs 000', loadFixture('leak/heap-005.pb.gz'), loadFixture('leak/heap-000.pb.gz')],
    ['leak 002 vs 004', loadFixture('leak/heap-002.pb.gz'), loadFixture('leak/heap-004.pb.gz')],
    ['heap.txt vs heap.pb.gz', loadFixture('heap/heap.txt'), loadFixture('heap/heap.pb.gz')],
    ['bench vs heap', loadFixture('bench/mem.out'), loadFixture('heap/heap.pb.gz')],
    ['cpu vs itself', loadFixture('cpu/cpu.pb.gz'), loadFixture('cpu/cpu.pb.gz')],
    ['made up', current, base],
  ]
  for (const [label, cur, bas] of pairs) {
    it(`gives the summary of the call-tree version: ${label}, every type and option`, () => {
      for (let t = 0; t < cur.sampleTypes.length; t++) {
        for (const normalize of [false, true]) {
          for (const by of ['flat', 'cum'] as const) {
            for (const limit of [3, Infinity]) {
              const options = {normalize, by, limit}
              expect(whatChanged(cur, bas, t, options), `${t} ${JSON.stringify(options)}`).toEqual(
                referenceWhatChanged(cur, bas, t, options),
              )
            }
          }
        }
      }
    })
  }

  it('gives the same summary in many steps on a big pair, from the merge or given it', () => {
    const [older, newer] = syntheticHeapSeries(2, 6000)
    const t = typeIndex(newer, 'inuse_space')
    const options = {normalize: false, by: 'flat' as const, limit: 15}
    const expected = referenceWhatChanged(newer, older, t, options)
    expect(expected.grew.length + expected.appeared.length).toBeGreaterThan(20)
    let steps = 0
    const run = whatChangedSteps(newer, older, t, options)
    for (let step = run.next(); ; step = run.next(), steps++) {
      if (!step.done) continue
      expect(step.value).toEqual(expected)
      break
    }
    expect(steps).toBeGreaterThan(10)
    const merged = mergeForDiff(newer, older, {mode: 'diff_base', normalize: false})
    expect(runSteps(whatChangedSteps(newer, older, t, options, merged))).toEqual(expected)
    // One table of every type serves every summary.
    const table = runSteps(changeTableSteps(merged, merged.sampleTypes.map((_, i) => i)))
    for (const by of ['flat', 'cum'] as const) {
      expect(runSteps(summarizeChangesSteps(table, 2, {by, limit: 15}))).toEqual(
        referenceWhatChanged(newer, older, 2, {by, limit: 15}),
      )
    }
  })
})

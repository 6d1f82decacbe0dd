import {readFileSync} from 'node:fs'
import {fileURLToPath} from 'node:url'
import {describe, expect, it} from 'vitest'
import {decodeProfileBytes} from '../decode/index'
import {HEAP_SAMPLE_TYPES, profileFromStacks} from '../test-utils/profile-from-stacks'
import {toMarkdown, whatChanged, type FunctionChange} from './diff-changes'

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

import {describe, expect, it} from 'vitest'
import {HEAP_SAMPLE_TYPES, profileFromStacks} from '../test-utils/profile-from-stacks'
import {compareNames, computeTop, sampleTotal, sortTopRows, type TopRow} from './top'

function rowsOf(text: string, sampleType = 0): Record<string, [number, number, string]> {
  const top = computeTop(profileFromStacks(text), sampleType)
  return Object.fromEntries(top.rows.map((r) => [r.name, [r.flat, r.cum, r.annotation]]))
}

describe('computeTop', () => {
  it('sums flat to the leaf and cum along the stack', () => {
    const p = profileFromStacks(`
      main;foo;bar 30
      main;foo 10
      main;baz 5
    `)
    const top = computeTop(p, 0)
    expect(top.total).toBe(45)
    expect(top.rows).toEqual([
      {name: 'bar', annotation: '', flat: 30, cum: 30},
      {name: 'foo', annotation: '', flat: 10, cum: 40},
      {name: 'baz', annotation: '', flat: 5, cum: 5},
      {name: 'main', annotation: '', flat: 0, cum: 45},
    ])
  })

  it('counts recursion once per sample', () => {
    expect(rowsOf('main;rec;rec;rec 10\nmain;rec 1')).toEqual({
      main: [0, 11, ''],
      rec: [11, 11, ''],
    })
  })

  it('counts mutual recursion once per sample per function', () => {
    expect(rowsOf('main;isEven;isOdd;isEven;isOdd 7\nmain;A;B;A;C;B 4')).toEqual({
      main: [0, 11, ''],
      isEven: [0, 7, ''],
      isOdd: [7, 7, ''],
      A: [0, 4, ''],
      B: [4, 4, ''],
      C: [0, 4, ''],
    })
  })

  it('labels inline and partial-inline functions', () => {
    expect(
      rowsOf(`
        runtime.main;main.main;main.render;main.makeShape[inline];main.newPoint[inline] 3200
        runtime.main;main.main;main.format;strings.WriteString[inline];strings.grow 640
        runtime.main;main.main;main.a;shared[inline] 5
        runtime.main;main.main;main.b;shared 6
      `),
    ).toEqual({
      'runtime.main': [0, 3851, ''],
      'main.main': [0, 3851, ''],
      'main.render': [0, 3200, ''],
      'main.makeShape': [0, 3200, 'inline'],
      'main.newPoint': [3200, 3200, 'inline'],
      'main.format': [0, 640, ''],
      'strings.WriteString': [0, 640, 'inline'],
      'strings.grow': [640, 640, ''],
      'main.a': [0, 5, ''],
      'main.b': [0, 6, ''],
      shared: [11, 11, 'partial-inline'],
    })
  })

  it('ANDs the inline flag over occurrences of an edge', () => {
    // The same edge a → b, inline in one sample and not in another: not inline.
    expect(rowsOf('main;a;b[inline] 1\nmain;a;b 1').b[2]).toBe('')
  })

  it('takes only the first occurrence of an edge within a sample (seenEdge)', () => {
    expect(rowsOf('main;a;b[inline];a;b 5').b[2]).toBe('inline')
    expect(rowsOf('main;a;b;a;b[inline] 5').b[2]).toBe('')
  })

  it('makes no self edges', () => {
    // rec → rec[inline] is a self edge: the only incoming edge of rec is main → rec.
    expect(rowsOf('main;rec;rec[inline] 5').rec[2]).toBe('')
    expect(rowsOf('main;rec[inline];rec 5').rec[2]).toBe('inline')
  })

  it('skips zero-valued samples, including their edges', () => {
    const rows = rowsOf(`
      main;cold 0
      main;a;shared[inline] 0
      main;b;shared 5
    `)
    expect(rows.cold).toBeUndefined()
    expect(rows.a).toBeUndefined()
    expect(rows.shared).toEqual([5, 5, ''])
  })

  it('uses the chosen sample type', () => {
    const p = profileFromStacks('main;a 1 0\nmain;b 0 7', {sampleTypes: HEAP_SAMPLE_TYPES.slice(2)})
    expect(computeTop(p, 0).rows.map((r) => r.name)).toEqual(['a', 'main'])
    expect(computeTop(p, 1).rows.map((r) => r.name)).toEqual(['b', 'main'])
  })

  it('keeps signs, totals absolute values, and drops cancelled nodes', () => {
    const top = computeTop(profileFromStacks('main;a 10\nmain;b -4\nmain;c 3\nmain;c -3'), 0)
    expect(top.total).toBe(20)
    expect(top.rows).toEqual([
      {name: 'a', annotation: '', flat: 10, cum: 10},
      {name: 'b', annotation: '', flat: -4, cum: -4},
      {name: 'main', annotation: '', flat: 0, cum: 6},
    ])
  })

  it('counts empty stacks in the total only', () => {
    const top = computeTop(profileFromStacks('- 7\nmain 3'), 0)
    expect(top.total).toBe(10)
    expect(top.rows).toEqual([{name: 'main', annotation: '', flat: 3, cum: 3}])
    expect(sampleTotal(profileFromStacks('- 7\nmain -3'), 0)).toBe(10)
  })

  it('merges same-named functions from different files and lines', () => {
    const text = 'main;foo[file:a.go] 1\nmain;foo[file:b.go][line:3] 2\nmain;foo[line:9] 4'
    expect(rowsOf(text)).toEqual({main: [0, 7, ''], foo: [7, 7, '']})
  })

  it('handles stacks deeper than the JS call stack', () => {
    const deep = Array.from({length: 20000}, (_, i) => `f${i % 3}`).join(';')
    expect(rowsOf(`${deep} 2\nmain 1`)).toEqual({
      f0: [0, 2, ''],
      f1: [2, 2, ''],
      f2: [0, 2, ''],
      main: [1, 1, ''],
    })
  })

  it('is empty for a profile without samples', () => {
    expect(computeTop(profileFromStacks(''), 0)).toEqual({rows: [], total: 0})
  })
})

describe('sorting', () => {
  const rows: TopRow[] = [
    {name: 'b', annotation: '', flat: 0, cum: 5},
    {name: 'a', annotation: '', flat: 0, cum: 5},
    {name: 'c', annotation: '', flat: -9, cum: 1},
    {name: 'd', annotation: '', flat: 2, cum: -7},
  ]

  it('orders by |flat|, then name, then |cum|', () => {
    expect(sortTopRows(rows, 'flat').map((r) => r.name)).toEqual(['c', 'd', 'a', 'b'])
  })

  it('orders by |cum|, then name, then |flat|', () => {
    expect(sortTopRows(rows, 'cum').map((r) => r.name)).toEqual(['d', 'a', 'b', 'c'])
  })

  it('sorts names with astral characters in Go order', () => {
    const astral: TopRow[] = [
      {name: 'main.🔥', annotation: '', flat: 0, cum: 1},
      {name: 'main.\uff21', annotation: '', flat: 0, cum: 1},
      {name: 'main.a', annotation: '', flat: 0, cum: 1},
    ]
    const names = sortTopRows(astral, 'flat').map((r) => r.name)
    expect(names).toEqual(['main.a', 'main.\uff21', 'main.🔥'])
  })

  it('compares names in Go (UTF-8 byte) order', () => {
    expect(compareNames('main.🔥', 'main.\uff21')).toBeGreaterThan(0)
    expect(compareNames('main.\uff21', 'main.🔥')).toBeLessThan(0)
    expect(compareNames('a', 'ab')).toBeLessThan(0)
    expect(compareNames('B', 'a')).toBeLessThan(0)
    expect(compareNames('x', 'x')).toBe(0)
  })
})

import {describe, expect, it} from 'vitest'
import {buildFlameHierarchy, callPathOf, type FlameDatum} from './flame-hierarchy'

// A call tree by hand:            root
//   0 main (100)                    └ main
//   1 main→a (60)                      ├ a ── 3 c (59)
//   2 main→b (39)                      ├ b
//   3 main→a→c (59)                    └ tiny (1)
//   4 main→tiny (1)
const table = {
  func: Int32Array.from([0, 1, 2, 3, 4]),
  inlined: Uint8Array.from([0, 0, 1, 0, 0]),
  parent: Int32Array.from([-1, 0, 0, 1, 0]),
  length: 5,
}
const total = Float64Array.from([100, 60, 39, 59, 1])
const names = ['main', 'a', 'b', 'c', 'tiny']
const label = (node: number) => names[table.func[node]]

function shape(d: FlameDatum): string {
  const kids = (d.children ?? []).map(shape)
  return kids.length ? `${d.name}(${d.value})[${kids.join(',')}]` : `${d.name}(${d.value})`
}

describe('buildFlameHierarchy', () => {
  it('prunes frames narrower than the minimum at the current zoom and counts them', () => {
    const h = buildFlameHierarchy(table, total, 100, [], 200, 4, label)
    // 4 px of 200 px = 2 units: `tiny` (1) is left out.
    expect(shape(h.root)).toBe('root(100)[main(100)[a(60)[c(59)],b(39)]]')
    expect(h.pruned).toBe(1)
    expect(h.shown).toBe(4)
    expect(h.focus).toBe(h.root)
  })

  it('keeps only the path above a zoomed frame and prunes relative to it', () => {
    const path = callPathOf(table, 1)
    expect(path).toEqual([0, 2])
    const h = buildFlameHierarchy(table, total, 100, path, 200, 4, label)
    expect(shape(h.root)).toBe('root(100)[main(100)[a(60)[c(59)]]]')
    expect(h.focus.name).toBe('a')
    expect(h.focusPath).toEqual(path)
  })

  it('stops at the deepest frame of a zoom path that no longer exists', () => {
    const gone = Float64Array.from([100, 0, 39, 0, 1])
    const h = buildFlameHierarchy(table, gone, 100, [0, 2, 6], 1000, 1, label)
    expect(h.focus.name).toBe('main')
    expect(h.focusPath).toEqual([0])
  })

  it('tells inlined and non-inlined calls of a function apart', () => {
    expect(callPathOf(table, 2)).toEqual([0, 5])
  })
})

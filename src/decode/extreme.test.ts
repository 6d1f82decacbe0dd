import {describe, expect, it} from 'vitest'
import {
  type CallNodeTable,
  computeCallNodeTable,
  computeCallNodeTimings,
} from '../analysis/call-tree'
import {compileSearch, computeSearchMatches} from '../analysis/search'
import {computeTop} from '../analysis/top'
import {funcName} from '../model/profile'
import {buildFlameHierarchy, callPathOf} from '../ui/flame-graph/flame-hierarchy'
import {
  EXTREME_TYPES,
  type ExtremeSample,
  deepStacks,
  encodeProfile,
  extremeProfile,
  longNameStacks,
  oddValueStacks,
  wideStacks,
} from './extreme-profiles'
import {decodeProfileBytesTimed} from './index'

// Valid profiles at the edges: each goes through decode, the call tree, the flame graph's
// hierarchy, Top and search without a stack overflow, and with the right numbers.

function load(samples: ExtremeSample[]) {
  const {profile, callNodes} = decodeProfileBytesTimed(
    encodeProfile(EXTREME_TYPES, samples),
    'extreme.pb',
  )
  return {profile, table: callNodes as CallNodeTable}
}

/** The decoder's call tree is exactly the one computeCallNodeTable builds from the stacks. */
function expectSameTable(a: CallNodeTable, b: CallNodeTable) {
  expect(a.length).toBe(b.length)
  expect(a.maxDepth).toBe(b.maxDepth)
  const keys = ['func', 'inlined', 'parent', 'depth', 'subtreeEnd', 'stackToCallNode'] as const
  for (const k of keys) {
    expect(Buffer.from(a[k].buffer).equals(Buffer.from(b[k].buffer)), k).toBe(true)
  }
}

describe('extreme profiles', () => {
  it('a stack 20,000 frames deep', () => {
    const {profile, table} = load(deepStacks())
    expectSameTable(table, computeCallNodeTable(profile))
    expect(table.maxDepth).toBe(19999)
    const t = computeCallNodeTimings(profile, table, 1)
    expect(t.rootTotal).toBe(3100)
    expect(t.self[table.stackToCallNode[profile.samples.stack[0]]]).toBe(3000)
    // Zoomed to the deepest frame: the whole chain above it, 20,000 data nodes, no recursion.
    const leaf = table.stackToCallNode[profile.samples.stack[0]]
    const path = callPathOf(table, leaf)
    const h = buildFlameHierarchy(table, t.total, t.rootTotal, path, 1200, 1, String)
    expect(h.focusPath.length).toBe(20000)
    expect(h.focus.node).toBe(leaf)
    // Unzoomed, with the chart's frame budget: the deepest frames are left out and counted.
    const capped = buildFlameHierarchy(table, t.total, t.rootTotal, [], 1200, 1, String, 1000)
    expect(capped.depthCut).toBe(true)
    expect(capped.shown).toBe(2000)
    expect(capped.pruned).toBe(20001 - 2000)
    const top = computeTop(profile, 1)
    expect(top.rows.length).toBe(20001)
    expect(top.rows.find((r) => r.name === 'main')?.cum).toBe(3100)
    const search = compileSearch('f19999$')
    const m = computeSearchMatches(profile, table, t, search.regex!)
    expect(m.matchedTotal).toBe(3000)
  })

  it('50,000 siblings', () => {
    const {profile, table} = load(wideStacks())
    expectSameTable(table, computeCallNodeTable(profile))
    expect(table.length).toBe(50001)
    const t = computeCallNodeTimings(profile, table, 1)
    expect(t.total[0]).toBe(400000)
    // A frame is 1/50,000 of the width: none is drawn, and they are counted as pruned.
    const h = buildFlameHierarchy(table, t.total, t.rootTotal, [], 1200, 1, String, 1000)
    expect(h.shown).toBe(1)
    expect(h.pruned).toBe(50000)
    // Zoomed on one child: it fills the width.
    const child = table.subtreeEnd[1] // the second child of main
    const path = callPathOf(table, child)
    const z = buildFlameHierarchy(table, t.total, t.rootTotal, path, 1200, 1, String)
    expect(z.focus.node).toBe(child)
    expect(computeTop(profile, 0).rows.length).toBe(50001)
  })

  it('10,000-character names', () => {
    const {profile, table} = load(longNameStacks())
    const names = Array.from({length: profile.funcs.length}, (_, f) => funcName(profile, f))
    expect(names.filter((n) => n.length === 10000)).toHaveLength(3)
    const t = computeCallNodeTimings(profile, table, 1)
    const h = buildFlameHierarchy(table, t.total, t.rootTotal, [], 1200, 1, (n) =>
      funcName(profile, table.func[n]),
    )
    expect(h.shown).toBe(4)
    expect(computeTop(profile, 1).rows[0].name).toHaveLength(10000)
  })

  it('negative values and empty stacks', () => {
    const {profile, table} = load(oddValueStacks())
    expect(Array.from(profile.samples.stack.slice(2))).toEqual([-1, -1])
    const t = computeCallNodeTimings(profile, table, 1)
    // Widths use |v|; the signed sums are kept apart.
    expect(t.rootTotal).toBe(900)
    expect(t.net?.total[0]).toBe(100)
    const top = computeTop(profile, 1)
    // pprof's total counts every sample, empty stacks included: |−400|+500+700+|−10|.
    expect(top.total).toBe(1610)
    expect(top.rows.find((r) => r.name === 'odd.negative')?.flat).toBe(-400)
    const h = buildFlameHierarchy(table, t.total, t.rootTotal, [], 1200, 1, String)
    expect(h.shown).toBe(3)
  })

  it('all of them in one profile', () => {
    const {profile, callNodes} = decodeProfileBytesTimed(extremeProfile(), 'extreme.pb')
    expectSameTable(callNodes, computeCallNodeTable(profile))
    expect(profile.samples.length).toBe(2 + 50000 + 1 + 4)
  })
})

import {describe, expect, it} from 'vitest'
import type {Profile} from '../model/profile'
import {profileFromStacks} from '../test-utils/profile-from-stacks'
import {computeCallNodeTable, computeCallNodeTimings} from './call-tree'
import {mergeForDiff} from './diff'
import {changeKind, computeCallNodeDiff, relativeChange} from './diff-call-nodes'

// "path: base → current" for every call node with a value, in table order.
function describeNodes(merged: Profile): string[] {
  const table = computeCallNodeTable(merged)
  const diff = computeCallNodeDiff(merged, table, 0)
  const out: string[] = []
  for (let i = 0; i < table.length; i++) {
    const names: string[] = []
    for (let n = i; n >= 0; n = table.parent[n]) {
      names.push(merged.strings[merged.funcs.name[table.func[n]]])
    }
    out.push(
      `${names.reverse().join(';')}: ${diff.baseTotal[i]} → ${diff.currentTotal[i]}` +
        ` (self ${diff.baseSelf[i]} → ${diff.currentSelf[i]})`,
    )
  }
  return out.sort()
}

describe('computeCallNodeDiff', () => {
  const current = profileFromStacks('main;a;x 10\nmain;b 5\nmain 1\n- 3')
  const base = profileFromStacks('main;a;x 4\nmain;a 2\nmain;c 6\nmain 1')

  it('splits a -diff_base merge into the two snapshots per call node', () => {
    const merged = mergeForDiff(current, base, {mode: 'diff_base', normalize: false})
    expect(describeNodes(merged)).toEqual([
      'main: 13 → 16 (self 1 → 1)',
      'main;a: 6 → 10 (self 2 → 0)',
      'main;a;x: 4 → 10 (self 4 → 10)',
      'main;b: 0 → 5 (self 0 → 5)',
      'main;c: 6 → 0 (self 6 → 0)',
    ])
    const table = computeCallNodeTable(merged)
    const diff = computeCallNodeDiff(merged, table, 0)
    expect([diff.rootBase, diff.rootCurrent]).toEqual([13, 16])
    // base + current is the flame graph's width (Σ|v|), current − base the net.
    const timings = computeCallNodeTimings(merged, table, 0)
    for (let i = 0; i < table.length; i++) {
      expect(diff.baseTotal[i] + diff.currentTotal[i]).toBe(timings.total[i])
      expect(diff.currentTotal[i] - diff.baseTotal[i]).toBe(timings.net?.total[i])
    }
  })

  it('splits a -base merge by sign: what shrank and what grew', () => {
    const merged = mergeForDiff(current, base, {mode: 'base', normalize: false})
    expect(describeNodes(merged)).toEqual([
      'main: 8 → 11 (self 0 → 0)',
      'main;a: 2 → 6 (self 2 → 0)',
      'main;a;x: 0 → 6 (self 0 → 6)',
      'main;b: 0 → 5 (self 0 → 5)',
      'main;c: 6 → 0 (self 6 → 0)',
    ])
  })
})

describe('changeKind and relativeChange', () => {
  it('classifies a move from base to current', () => {
    expect([changeKind(0, 5), changeKind(5, 0), changeKind(2, 5), changeKind(5, 2)]).toEqual([
      'added',
      'removed',
      'grew',
      'shrank',
    ])
    expect(changeKind(0, 0)).toBe('same')
    expect(changeKind(3, 3)).toBe('same')
  })

  it('gives the relative change, infinite for an added value', () => {
    expect(relativeChange(4, 6)).toBe(0.5)
    expect(relativeChange(4, 0)).toBe(-1)
    expect(relativeChange(0, 3)).toBe(Infinity)
    expect(relativeChange(0, 0)).toBe(0)
  })
})

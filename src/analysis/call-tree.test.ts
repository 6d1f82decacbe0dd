import {describe, expect, it} from 'vitest'
import {funcName, type Profile} from '../model/profile'
import {profileFromStacks} from '../test-utils/profile-from-stacks'
import {
  callNodeChildren,
  callNodePath,
  computeCallNodeTable,
  computeCallNodeTimings,
  type CallNodeTable,
  type CallNodeTimings,
  selfOfCallNode,
} from './call-tree'

// One line per call node, indented by depth: "name[inl] total/self".
function formatTree(p: Profile, table: CallNodeTable, t: CallNodeTimings): string[] {
  const lines: string[] = []
  for (let i = 0; i < table.length; i++) {
    const inl = table.inlined[i] ? '[inl]' : ''
    const indent = '  '.repeat(table.depth[i])
    lines.push(`${indent}${funcName(p, table.func[i])}${inl} ${t.total[i]}/${t.self[i]}`)
  }
  return lines
}

// parent < child, depth = parent depth + 1, subtrees nested: returns the first violation.
function invariantViolation(table: CallNodeTable): string | null {
  for (let i = 0; i < table.length; i++) {
    const p = table.parent[i]
    if (table.subtreeEnd[i] <= i) return `subtreeEnd of ${i}`
    if (p < 0) {
      if (table.depth[i] !== 0) return `depth of root ${i}`
      continue
    }
    if (p >= i) return `parent of ${i}`
    if (table.depth[i] !== table.depth[p] + 1) return `depth of ${i}`
    if (table.subtreeEnd[i] > table.subtreeEnd[p]) return `subtree of ${i}`
  }
  return null
}

describe('computeCallNodeTable', () => {
  it('merges frames that differ only by line, in depth-first order', () => {
    const p = profileFromStacks(`
      main;foo[line:1];bar 1
      main;baz 4
      main;foo[line:2];bar 2
      main;foo[line:2];qux 8
      other 16
    `)
    const table = computeCallNodeTable(p)
    expect(invariantViolation(table)).toBeNull()
    expect(formatTree(p, table, computeCallNodeTimings(p, table, 0))).toEqual([
      'main 15/0',
      '  foo 11/0',
      '    bar 3/3',
      '    qux 8/8',
      '  baz 4/4',
      'other 16/16',
    ])
    expect(table.maxDepth).toBe(2)
    expect(callNodeChildren(table, -1).map((i) => funcName(p, table.func[i]))).toEqual([
      'main',
      'other',
    ])
    expect(callNodeChildren(table, 0).map((i) => funcName(p, table.func[i]))).toEqual([
      'foo',
      'baz',
    ])
    expect(callNodePath(table, 3).map((f) => funcName(p, f))).toEqual(['main', 'foo', 'qux'])
  })

  it('keeps inlined and non-inlined calls of a function apart', () => {
    const p = profileFromStacks('main;foo[inline] 1\nmain;foo 2\nmain;foo[line:7][inline] 4')
    const table = computeCallNodeTable(p)
    expect(formatTree(p, table, computeCallNodeTimings(p, table, 0))).toEqual([
      'main 7/0',
      '  foo[inl] 5/5',
      '  foo 2/2',
    ])
  })

  it('maps every stack entry to its call node', () => {
    const p = profileFromStacks('a;b[line:1] 1\na;b[line:2] 1')
    const table = computeCallNodeTable(p)
    expect(table.length).toBe(2)
    expect(Array.from(table.stackToCallNode)).toEqual([0, 1, 1])
  })

  it('merges the children of a call node with many children', () => {
    const lines: string[] = []
    for (let round = 1; round <= 3; round++) {
      for (let i = 0; i < 100; i++) {
        lines.push(`main;f${i}[line:${round}];leaf[line:${round}] ${round}`)
      }
    }
    const p = profileFromStacks(lines.join('\n'))
    const table = computeCallNodeTable(p)
    expect(invariantViolation(table)).toBeNull()
    expect(table.length).toBe(201)
    const t = computeCallNodeTimings(p, table, 0)
    const children = callNodeChildren(table, 0)
    expect(children.map((c) => funcName(p, table.func[c]))).toEqual(
      Array.from({length: 100}, (_, i) => `f${i}`),
    )
    expect(children.map((c) => t.total[c])).toEqual(Array.from({length: 100}, () => 6))
  })

  it('keeps recursion as nested nodes', () => {
    const p = profileFromStacks('main;rec;rec;rec 3')
    const table = computeCallNodeTable(p)
    expect(formatTree(p, table, computeCallNodeTimings(p, table, 0))).toEqual([
      'main 3/0',
      '  rec 3/0',
      '    rec 3/0',
      '      rec 3/3',
    ])
  })

  it('is empty without stacks', () => {
    const p = profileFromStacks('- 5')
    const table = computeCallNodeTable(p)
    expect(table.length).toBe(0)
    expect(table.maxDepth).toBe(-1)
    const t = computeCallNodeTimings(p, table, 0)
    expect(t.rootTotal).toBe(0)
  })

  it('handles stacks 20000 deep', () => {
    const deep = Array.from({length: 20000}, (_, i) => `f${i}`).join(';')
    const p = profileFromStacks(`${deep} 2\nf0;g 1`)
    const table = computeCallNodeTable(p)
    expect(invariantViolation(table)).toBeNull()
    expect(table.maxDepth).toBe(19999)
    const t = computeCallNodeTimings(p, table, 0)
    expect(t.total[0]).toBe(3)
    expect(t.self[table.stackToCallNode[19999]]).toBe(2)
  })
})

describe('computeCallNodeTimings', () => {
  it('uses absolute values for widths and keeps signed sums in net', () => {
    const p = profileFromStacks('main;a 10\nmain;b -4\nmain;a -3\n- 100', {
      sampleTypes: [{type: 'inuse_space', unit: 'bytes'}],
    })
    const table = computeCallNodeTable(p)
    const t = computeCallNodeTimings(p, table, 0)
    expect(formatTree(p, table, t)).toEqual(['main 17/0', '  a 13/13', '  b 4/4'])
    expect(t.rootTotal).toBe(17)
    expect(Array.from(t.net?.self ?? [])).toEqual([0, 7, -4])
    expect(Array.from(t.net?.total ?? [])).toEqual([3, 7, -4])
  })

  it('has no net columns when nothing is negative, and picks the sample type', () => {
    const p = profileFromStacks('main;a 1 100\nmain;b 2 0', {
      sampleTypes: [
        {type: 'alloc_objects', unit: 'count'},
        {type: 'alloc_space', unit: 'bytes'},
      ],
    })
    const table = computeCallNodeTable(p)
    const t0 = computeCallNodeTimings(p, table, 0)
    const t1 = computeCallNodeTimings(p, table, 1)
    expect(t0.net).toBeNull()
    expect(formatTree(p, table, t0)).toEqual(['main 3/0', '  a 1/1', '  b 2/2'])
    expect(formatTree(p, table, t1)).toEqual(['main 100/0', '  a 100/100', '  b 0/0'])
  })

  it("gives one node's self from its children, equal to self for every node", () => {
    // Sums past 2^53 round: the same subtractions in the same order give the same numbers.
    const big = 2 ** 52 + 1
    const p = profileFromStacks(
      [
        `main;a;x ${big}`,
        'main;a 7',
        `main;a;y ${big + 2}`,
        'main;b -3',
        'main;a;x;z 1',
        'main 5',
        'other;a 3',
        ...Array.from({length: 50}, (_, i) => `main;w${i} ${big * (i % 3) + i}`),
      ].join('\n'),
      {sampleTypes: [{type: 'inuse_space', unit: 'bytes'}]},
    )
    const table = computeCallNodeTable(p)
    const t = computeCallNodeTimings(p, table, 0)
    const each = Array.from({length: table.length}, (_, node) => selfOfCallNode(table, t, node))
    expect(each).toEqual(Array.from(t.self))
  })
})

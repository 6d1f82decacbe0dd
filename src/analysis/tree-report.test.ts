import {describe, expect, it} from 'vitest'
import {profileFromStacks} from '../test-utils/profile-from-stacks'
import {applyGranularity} from './granularity'
import {computeListing, formatListText} from './lines'
import {computePeek, formatPeekText} from './peek'
import {buildGraph} from './pprof-graph'
import {computeTree, formatTreeText, type TreeEntry} from './tree-report'

const NO_TRIM = {nodeCount: 0, nodeFraction: 0, edgeFraction: 0}

function entries(text: string, options = {}): Record<string, Omit<TreeEntry, 'name'>> {
  const tree = computeTree(profileFromStacks(text), 0, {...NO_TRIM, ...options})
  return Object.fromEntries(tree.entries.map(({name, ...rest}) => [name, rest]))
}

const link = (name: string, weight: number, share: number, inline = false) => ({
  name,
  weight,
  share,
  inline,
})

describe('computeTree', () => {
  it('has no self edges for recursion, and counts a sample once per edge', () => {
    const tree = entries('main;a;a;a 10\nmain;a;b;a;b 5')
    expect(tree.a).toEqual({
      flat: 10,
      cum: 15,
      callers: [link('main', 15, 1), link('b', 5, 1 / 3)],
      callees: [link('b', 5, 1 / 3)],
    })
    expect(tree.b.callers).toEqual([link('a', 5, 1)])
  })

  it('marks an edge inline only when every call along it was inlined', () => {
    const tree = entries('main;f;g[inline] 3\nmain;h;g[inline] 1\nmain;h;g 2')
    expect(tree.g.callers).toEqual([link('f', 3, 0.5, true), link('h', 3, 0.5)])
  })

  it('sorts edges by |weight|, then caller name, then callee name', () => {
    const tree = entries('x;c 1\ny;c 1\nb;c 2\n a;c -2')
    expect(tree.c.callers.map((l) => l.name)).toEqual(['a', 'b', 'x', 'y'])
  })

  it('links the callers of a trimmed node to its callees (residual edges)', () => {
    const tree = computeTree(profileFromStacks('main;x;y 10\nmain 5'), 0, {
      nodeCount: 2,
      nodeFraction: 0,
      edgeFraction: 0,
    })
    expect(tree.entries.map((e) => [e.name, e.flat, e.cum, e.callers.map((l) => l.name)])).toEqual([
      ['y', 10, 10, ['main']],
      ['main', 5, 15, []],
    ])
    expect(tree.legend).toContain('Showing top 2 nodes out of 3')
  })

  it('drops nodes and edges below the cutoffs, saying so', () => {
    const text = 'main;a 990\nmain;b 6\nmain;b;c 4'
    const tree = computeTree(profileFromStacks(text), 0, {nodeFraction: 0.005, edgeFraction: 0.005})
    expect(tree.entries.map((e) => e.name)).toEqual(['a', 'b', 'main'])
    expect(tree.legend).toContain('Dropped 1 node (cum <= 5)')
  })

  it('prints pprof\'s layout', () => {
    const text = formatTreeText(profileFromStacks('main;a 3\nmain;b[inline] 1'), 0, NO_TRIM)
    expect(text.split('\n')).toEqual([
      'Type: samples',
      'Showing nodes accounting for 4, 100% of 4 total',
      '----------------------------------------------------------+-------------',
      '      flat  flat%   sum%        cum   cum%   calls calls% + context \t \t ',
      '----------------------------------------------------------+-------------',
      '                                                 3   100% |   main',
      '         3 75.00% 75.00%          3 75.00%                | a',
      '----------------------------------------------------------+-------------',
      '                                                 1   100% |   main (inline)',
      '         1 25.00%   100%          1 25.00%                | b',
      '----------------------------------------------------------+-------------',
      '         0     0%   100%          4   100%                | main',
      '                                                 3 75.00% |   a',
      '                                                 1 25.00% |   b (inline)',
      '----------------------------------------------------------+-------------',
      '',
    ])
  })

  it('walks a 10,000-frame stack without recursion', () => {
    const names = Array.from({length: 10000}, (_, i) => `f${i}`)
    const p = profileFromStacks(`${names.join(';')} 1`)
    expect(computeTree(p, 0, NO_TRIM).entries).toHaveLength(10000)
  })
})

describe('peek', () => {
  const text = 'main;a;b 2\nmain;c;b 1\nmain;b 4'

  it('keeps only the matching entries, untrimmed', () => {
    const peek = computePeek(profileFromStacks(text), 0, '^b$', {})
    expect(peek.entries.map((e) => [e.name, e.callers.map((l) => [l.name, l.weight])])).toEqual([
      ['b', [['main', 4], ['a', 2], ['c', 1]]],
    ])
    expect(peek.legend.at(-1)).toBe('Showing nodes accounting for 7, 100% of 7 total')
  })

  it('fails like pprof when nothing matches', () => {
    expect(() => formatPeekText(profileFromStacks(text), 0, 'zzz')).toThrow(
      'no matches found for regexp: zzz',
    )
  })

  it('works at lines granularity (the web UI\'s Peek)', () => {
    const p = applyGranularity(profileFromStacks('main[line:3];b[file:b.go][line:9] 2'), 'lines')
    expect(formatPeekText(p, 0, '^b').split('\n').slice(4, 7)).toEqual([
      '----------------------------------------------------------+-------------',
      '                                                 2   100% |   main :3',
      '         2   100%   100%          2   100%                | b b.go:9',
    ])
  })
})

describe('buildGraph', () => {
  it('skips zero-valued samples but keeps edges whose weights cancel', () => {
    const nodes = buildGraph(profileFromStacks('main;a 0\nmain;b 3\nmain;b -3\nmain;c 1'), 0)
    const main = nodes.find((n) => n.name === 'main')
    expect(main?.out.map((e) => [e.dest.name, e.weight]).sort()).toEqual([
      ['b', 0],
      ['c', 1],
    ])
    expect(nodes.map((n) => n.name).sort()).toEqual(['c', 'main'])
  })
})

describe('lines (list)', () => {
  const text = `
    main[file:m.go][line:1];rec[file:r.go][line:5];rec[file:r.go][line:6] 10
    main[file:m.go][line:2];rec[file:r.go][line:6] 4
    main[file:m.go][line:2];nofile 1
  `

  it('gives per-line costs and routine sums that double-count recursion', () => {
    const listing = computeListing(profileFromStacks(text), 0, '^rec$')
    expect(listing.routines).toEqual([
      {
        name: 'rec',
        file: 'r.go',
        flat: 14,
        cum: 24,
        lines: [
          {line: 5, flat: 0, cum: 10},
          {line: 6, flat: 14, cum: 14},
        ],
      },
    ])
  })

  it('prints pprof\'s ROUTINE headers and "No source information"', () => {
    const out = formatListText(profileFromStacks(text), 0, 'rec|nofile', {lines: true})
    expect(out.split('\n')).toEqual([
      'Total: 15',
      'No source information for nofile',
      'ROUTINE ======================== rec in r.go',
      '        14         24 (flat, cum) 160.00% of Total',
      '         .         10      5:',
      '        14         14      6:',
      '',
    ])
  })
})

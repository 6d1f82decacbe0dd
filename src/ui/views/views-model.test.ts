import {describe, expect, it} from 'vitest'
import {callNodeTableOf, computeCallNodeTimings} from '../../analysis/call-tree'
import type {Routine} from '../../analysis/lines'
import {funcName} from '../../model/profile'
import {matchSourceFile, type SourceFile} from '../../store/source-files'
import {profileFromStacks} from '../../test-utils/profile-from-stacks'
import type {FlameDatum} from '../flame-graph/flame-hierarchy'
import {heaviestPath, visibleRows} from './call-tree-rows'
import {dotColor, graphDot, nodeName, quote} from './graph-dot'
import {buildSandwich} from './sandwich'
import {annotateRoutine} from './source-listing'

const P = profileFromStacks(`
  main;handle;build;build;leaf 40
  main;handle;build 10
  main;other;build;leaf 30
  main;other 5
  main;handle;render 15
`)

function tree(d: FlameDatum): string {
  const kids = d.children?.map(tree).join(' ') ?? ''
  return `${d.name}=${d.value}` + (kids ? ` (${kids})` : '')
}

describe('the sandwich', () => {
  const table = callNodeTableOf(P)
  const {total} = computeCallNodeTimings(P, table, 0)
  const build = (f: number) => funcName(P, f) === 'build'
  const s = buildSandwich(table, total, build, 'build', (f) => funcName(P, f))

  it('merges every caller path above and every callee below, recursion counted once', () => {
    expect(s.occurrences).toBe(2)
    expect(tree(s.callers)).toBe('build=80 (handle=50 (main=50) other=30 (main=30))')
    expect(tree(s.callees)).toBe('build=80 (build=40 (leaf=40) leaf=30)')
  })

  it('drops frames narrower than a fraction of the function', () => {
    const pruned = buildSandwich(table, total, build, 'build', (f) => funcName(P, f), 0.45)
    expect(tree(pruned.callers)).toBe('build=80 (handle=50 (main=50))')
  })
})

describe('the call tree rows', () => {
  const table = callNodeTableOf(P)
  const {total} = computeCallNodeTimings(P, table, 0)
  const name = (n: number) => funcName(P, table.func[n])

  it('expands the heaviest path, children by total', () => {
    const open = new Set(heaviestPath(table, total))
    expect([...open].map(name)).toEqual(['main', 'handle', 'build', 'build', 'leaf'])
    expect(visibleRows(table, total, open).map(name)).toEqual([
      'main',
      'handle',
      'build',
      'build',
      'leaf',
      'render',
      'other',
    ])
    open.delete(open.values().next().value!)
    expect(visibleRows(table, total, open).map(name)).toEqual(['main'])
  })
})

describe('the call graph DOT', () => {
  it('labels nodes like pprof, weights edges, never lets a name out of its label', () => {
    const p = profileFromStacks('main;evil"\\N\\l<b>;x 10\nmain;y 5')
    const g = graphDot(p, 0, {total: 15, filters: [], nodeCount: 80})
    expect(g.names).toContain('evil"\\N\\l<b>')
    expect(g.dot).toContain('label="evil\\"\\\\N\\\\l<b>\\n0 of 10 (66.67%)"')
    expect(g.dot).toMatch(/N\d+ -> N\d+ \[label=" 10" weight=67 penwidth=4 color="#/)
    expect(g.dot).not.toMatch(/href|URL/)
    expect(g.legend.some((l) => l.startsWith('Showing nodes accounting for 15'))).toBe(true)
  })

  it('splits names like pprof and escapes DOT strings', () => {
    expect(nodeName('github.com/a/b.(*T).M')).toBe('b\n(*T)\nM')
    expect(nodeName('main.f example.com/x/main.go:12')).toBe('main\nf\nmain.go:12')
    expect(nodeName('example.com/x/main.go')).toBe('main.go')
    expect(quote('a"b\\c\nd\u0001')).toBe('"a\\"b\\\\c\\nd "')
    expect(dotColor(0, true)).toBe('#ededed')
    expect(dotColor(1, false)).toBe('#b20000')
  })

  it('marks edges through trimmed nodes as residual (dotted)', () => {
    const p = profileFromStacks('main;a;tiny;b 100\nmain;c 1')
    const g = graphDot(p, 0, {total: 101, filters: [], nodeCount: 3})
    expect(g.dot).toMatch(/style="dotted"/)
  })
})

describe('source files', () => {
  const file = (path: string): SourceFile => ({path, file: new File([''], path.split('/').pop()!)})
  const files = [file('main.go'), file('repo/heapserver/main.go'), file('other/util.go')]

  it('match by the longest path suffix', () => {
    expect(matchSourceFile('example.com/heapserver/main.go', files)?.path).toBe('repo/heapserver/main.go')
    expect(matchSourceFile('/src/main.go', files)?.path).toBe('main.go')
    expect(matchSourceFile('x/nothing.go', files)).toBeNull()
  })

  it('show pprof’s range: first sampled line − 5 to last + 5', () => {
    const routine: Routine = {
      name: 'f',
      file: 'a.go',
      flat: 3,
      cum: 7,
      lines: [
        {line: 8, flat: 1, cum: 5},
        {line: 10, flat: 2, cum: 2},
      ],
    }
    const source = Array.from({length: 12}, (_, i) => `line ${i + 1}`).concat('')
    const rows = annotateRoutine(routine, source)
    expect(rows.map((r) => r.line)).toEqual([3, 4, 5, 6, 7, 8, 9, 10, 11, 12])
    expect(rows[5]).toEqual({line: 8, flat: 1, cum: 5, text: 'line 8'})
    expect(annotateRoutine(routine, null).map((r) => r.line)).toEqual([8, 10])
  })
})

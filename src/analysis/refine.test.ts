import {describe, expect, it} from 'vitest'
import type {Profile} from '../model/profile'
import {profileFromStacks} from '../test-utils/profile-from-stacks'
import {compileGoRegexp} from './go-regexp'
import {formatRefinedTopText, prepareReport} from './refined-report'
import {activeFilters, refineProfile, type RefineOptions} from './refine'

// Each kept sample as "frame;frame value", frames root first, "[inline]" after inlined ones.
function stacksOf(p: Profile): string[] {
  const out: string[] = []
  for (let s = 0; s < p.samples.length; s++) {
    const names: string[] = []
    for (let e = p.samples.stack[s]; e >= 0; e = p.stacks.prefix[e]) {
      const f = p.stacks.frame[e]
      const name = p.strings[p.funcs.name[p.frames.func[f]]]
      names.push(name + (p.frames.inlined[f] ? '[inline]' : ''))
    }
    out.push(`${names.reverse().join(';')} ${p.samples.values[0][s]}`)
  }
  return out
}

function refine(text: string, options: RefineOptions): {stacks: string[]; warnings: string[]} {
  const {profile, warnings} = refineProfile(profileFromStacks(text), options)
  return {stacks: stacksOf(profile), warnings}
}

const SAMPLE = `
  main;a;b 1
  main;c 2
  main;a;c;d 4
`

describe('refineProfile', () => {
  it('returns the profile itself when nothing is set', () => {
    const p = profileFromStacks(SAMPLE)
    expect(refineProfile(p, {focus: '', hide: undefined}).profile).toBe(p)
  })

  it('focus keeps the samples through a match, whole', () => {
    expect(refine(SAMPLE, {focus: '^c$'})).toEqual({
      stacks: ['main;c 2', 'main;a;c;d 4'],
      warnings: [],
    })
  })

  it('ignore drops the samples through a match, and wins over focus', () => {
    expect(refine(SAMPLE, {ignore: '^d$'}).stacks).toEqual(['main;a;b 1', 'main;c 2'])
    expect(refine(SAMPLE, {focus: '^a$', ignore: '^d$'}).stacks).toEqual(['main;a;b 1'])
  })

  it('hide removes frames and joins their callers to their callees', () => {
    expect(refine(SAMPLE, {hide: '^a$'}).stacks).toEqual(['main;b 1', 'main;c 2', 'main;c;d 4'])
  })

  it('hide of every frame drops the sample', () => {
    expect(refine(SAMPLE, {hide: '^(main|c)$'}).stacks).toEqual(['a;b 1', 'a;d 4'])
  })

  it('show keeps only the matching frames', () => {
    expect(refine(SAMPLE, {show: '^(a|d)$'}).stacks).toEqual(['a 1', 'a;d 4'])
  })

  it('show_from cuts above the rootmost match and drops samples without one', () => {
    const text = 'main;x;a;y;a;z 5\nmain;y 1\nmain;a 2'
    expect(refine(text, {showFrom: '^a$'}).stacks).toEqual(['a;y;a;z 5', 'a 2'])
  })

  it('show_from keeps a location from its outermost matching line leafward', () => {
    // One location [render, makeShape, newPoint] (the last two inlined): the cut is inside it.
    const text = 'main;render;makeShape[inline];newPoint[inline] 7\nmain;render 1'
    expect(refine(text, {showFrom: 'makeShape'}).stacks).toEqual(['makeShape;newPoint[inline] 7'])
    // A later matching location is trimmed too, even below the cut.
    const two = 'main;f;g[inline];h;k;g[inline] 3'
    expect(refine(two, {showFrom: '^(f|g)$'}).stacks).toEqual(['f;g[inline];h;g 3'])
  })

  it('hide of a location\'s own function makes its outermost inlined line the real one', () => {
    const text = 'main;render;makeShape[inline];newPoint[inline] 7'
    expect(refine(text, {hide: 'render'}).stacks).toEqual(['main;makeShape;newPoint[inline] 7'])
    expect(refine(text, {hide: 'makeShape'}).stacks).toEqual(['main;render;newPoint[inline] 7'])
  })

  it('focus and ignore match the lines before hide and show remove them', () => {
    expect(refine(SAMPLE, {focus: '^d$', hide: '^d$'}).stacks).toEqual(['main;a;c 4'])
  })

  it('show_from matches what hide left', () => {
    expect(refine(SAMPLE, {hide: '^a$', showFrom: '^a$'})).toEqual({
      stacks: [],
      warnings: ['ShowFrom expression matched no samples'],
    })
  })

  it('matches file names as well as function names', () => {
    const text = 'main;f[file:pkg/a.go];g[file:pkg/b.go] 3\nmain;h[file:pkg/b.go] 4'
    expect(refine(text, {focus: 'a\\.go$'}).stacks).toEqual(['main;f;g 3'])
  })

  it('drops samples with an empty stack', () => {
    expect(refine('main;a 1\n- 5', {hide: 'zzz'}).stacks).toEqual(['main;a 1'])
  })

  it('warns, in pprof\'s words and order, for each regexp that matched nothing', () => {
    const options = {focus: 'x', ignore: 'x', hide: 'x', show: 'x', showFrom: 'x'}
    expect(refine(SAMPLE, options).warnings).toEqual([
      'Focus expression matched no samples',
      'Ignore expression matched no samples',
      'Hide expression matched no samples',
      'Show expression matched no samples',
      'ShowFrom expression matched no samples',
    ])
  })

  it('matches the main binary as the mapping file of symbolized frames', () => {
    const p = profileFromStacks(SAMPLE, {meta: {mainFile: '/app/server'}})
    expect(stacksOf(refineProfile(p, {hide: '^/app/'}).profile)).toEqual([])
    expect(stacksOf(refineProfile(p, {focus: 'server'}).profile)).toHaveLength(3)
  })

  it('matches the mapping file of a location without symbols', () => {
    const libc = '[libc.so.6][file:/lib/x86_64-linux-gnu/libc.so.6]'
    const p = profileFromStacks(`main;${libc} 1\nmain;[libc.so.6] 2\nmain;x 4`)
    // The decoder's pseudo-function has no file today: only the base name can match.
    expect(stacksOf(refineProfile(p, {ignore: 'x86_64'}).profile)).toEqual([
      'main;[libc.so.6] 2',
      'main;x 4',
    ])
    expect(stacksOf(refineProfile(p, {show: 'libc'}).profile)).toEqual([])
  })

  it('refuses a bad regexp with pprof\'s message', () => {
    expect(() => refineProfile(profileFromStacks(SAMPLE), {focus: '('})).toThrow(
      /^parsing focus regexp: /,
    )
  })

  it('keeps every sample type and the base flags of a diff', () => {
    const p = profileFromStacks('main;a 1 10\nmain;b 2 20', {
      sampleTypes: [
        {type: 'n', unit: 'count'},
        {type: 'v', unit: 'bytes'},
      ],
    })
    const diff = {...p, samples: {...p.samples, isBase: Uint8Array.of(1, 0)}}
    const refined = refineProfile(diff, {focus: '^b$'}).profile
    expect(refined.samples.values.map((v) => [...v])).toEqual([[2], [20]])
    expect([...(refined.samples.isBase ?? [])]).toEqual([0])
  })

  it('handles a 10,000-frame stack without recursion', () => {
    const names = Array.from({length: 10000}, (_, i) => `f${i}`)
    const p = profileFromStacks(`${names.join(';')} 1`)
    const refined = refineProfile(p, {hide: '^f6\\d*$', showFrom: '^f5000$'}).profile
    expect(refined.stacks.length).toBe(5000 - 1000) // f6000..f6999 hidden
  })
})

describe('activeFilters', () => {
  it('lists the set options in pprof\'s order, with pprof\'s names', () => {
    expect(activeFilters({showFrom: 'a', focus: 'b', hide: ''})).toEqual(['focus=b', 'show_from=a'])
  })
})

describe('reports of a refined profile', () => {
  it('keep the whole profile as 100%', () => {
    const p = profileFromStacks(SAMPLE)
    const prepared = prepareReport(p, 0, {focus: '^b$'})
    expect(prepared.total).toBe(7)
    const text = formatRefinedTopText(prepared.profile, 0, prepared)
    expect(text.split('\n')).toEqual([
      'Type: samples',
      'Active filters:',
      '   focus=^b$',
      'Showing nodes accounting for 1, 14.29% of 7 total',
      '      flat  flat%   sum%        cum   cum%',
      '         1 14.29% 14.29%          1 14.29%  b',
      '         0     0% 14.29%          1 14.29%  a',
      '         0     0% 14.29%          1 14.29%  main',
      '',
    ])
  })

  it('truncate long filters to 80 bytes like pprof', () => {
    const long = 'x'.repeat(100)
    const p = profileFromStacks(SAMPLE)
    const text = formatRefinedTopText(p, 0, {filters: activeFilters({hide: long})})
    expect(text).toContain(`   hide=${'x'.repeat(75)}…\n`)
  })
})

describe('compileGoRegexp', () => {
  const cases: [string, string, boolean][] = [
    ['(?i)MAIN\\.', 'main.f', true],
    ['\\Amain\\z', 'main', true],
    ['\\Amain\\z', 'xmain', false],
    ['[[:upper:]]x', 'Ax', true],
    ['[[:digit:]]+$', 'f12', true],
    ['(?P<pkg>main)\\.', 'main.f', true],
    ['\\Q(*T).M\\E', 'main.(*T).M', true],
    ['[]a]', ']', true],
    ['main\\.\\(\\*server\\)', 'main.(*server).handle', true],
  ]
  for (const [pattern, input, want] of cases) {
    it(`${pattern} on ${input}: ${want}`, () => {
      expect(compileGoRegexp(pattern, 'focus').test(input)).toBe(want)
    })
  }

  it('refuses what it cannot translate', () => {
    expect(() => compileGoRegexp('a(?i)b', 'hide')).toThrow(/^parsing hide regexp: /)
    expect(() => compileGoRegexp('\\pL', 'hide')).toThrow(/^parsing hide regexp: /)
  })
})

import {describe, expect, it} from 'vitest'
import {funcName} from '../model/profile'
import {profileFromStacks} from '../test-utils/profile-from-stacks'
import {computeCallNodeTable, computeCallNodeTimings} from './call-tree'
import {compileSearch, computeSearchMatches, MAX_SEARCH_PATTERN_LENGTH} from './search'

describe('compileSearch', () => {
  it('treats the empty pattern as no search', () => {
    expect(compileSearch('')).toEqual({regex: null, error: null})
  })

  it('compiles an unanchored, case-sensitive JavaScript RegExp', () => {
    const {regex} = compileSearch('main\\.(a|b)')
    expect(regex?.test('x.main.b')).toBe(true)
    expect(regex?.test('MAIN.a')).toBe(false)
  })

  it('reports invalid patterns in plain words, without throwing', () => {
    expect(compileSearch('(')).toEqual({
      regex: null,
      error: 'Not a valid regular expression: unterminated group',
    })
    expect(compileSearch('a**').error).toMatch(/^Not a valid regular expression: nothing to repeat/)
    expect(compileSearch('[').error).toMatch(/^Not a valid regular expression: /)
  })

  it('caps the pattern length', () => {
    expect(compileSearch('a'.repeat(MAX_SEARCH_PATTERN_LENGTH)).regex).not.toBeNull()
    expect(compileSearch('a'.repeat(MAX_SEARCH_PATTERN_LENGTH + 1)).error).toMatch(/too long/)
  })
})

describe('computeSearchMatches', () => {
  const p = profileFromStacks(`
    main;work;rec;rec;leaf 10
    main;work;other 5
    main;rec 3
    main;idle 0
    main -2
    - 100
  `)
  const table = computeCallNodeTable(p)
  const timings = computeCallNodeTimings(p, table, 0)
  const search = (pattern: string) => {
    const {regex} = compileSearch(pattern)
    if (!regex) throw new Error(pattern)
    return computeSearchMatches(p, table, timings, regex)
  }

  it('counts each sample once even when nested frames match', () => {
    const m = search('rec')
    expect(m.matchedTotal).toBe(13)
    expect(m.matchedFuncs).toBe(1)
    const matchedNodes = [...m.nodeMatches.keys()].filter((i) => m.nodeMatches[i])
    expect(matchedNodes.map((i) => funcName(p, table.func[i]))).toEqual(['rec', 'rec', 'rec'])
  })

  it('sums samples under several matching functions once', () => {
    expect(search('work|leaf|rec').matchedTotal).toBe(18)
    expect(search('^main$').matchedTotal).toBe(20) // |-2| counts; empty stacks never match
    expect(search('nothing').matchedTotal).toBe(0)
  })

  it('flags functions by index', () => {
    const m = search('^(idle|other)$')
    const matched = [...m.funcMatches.keys()].filter((f) => m.funcMatches[f])
    const names = matched.map((f) => funcName(p, f))
    expect(names).toEqual(['other', 'idle'])
    expect(m.matchedTotal).toBe(5)
  })

  it('gives the same answer for a global regex on every call', () => {
    const re = /rec/g
    expect(computeSearchMatches(p, table, timings, re).matchedTotal).toBe(13)
    expect(computeSearchMatches(p, table, timings, re).matchedTotal).toBe(13)
  })
})

import {beforeEach, describe, expect, it} from 'vitest'
import {compileGoRegexp} from '../analysis/go-regexp'
import {
  addRefine,
  clearRefine,
  exactRegexp,
  focusOnSearch,
  functionRegexp,
  quoteRegexp,
  refineFromUrl,
  refineToUrl,
  regexpError,
  removeRefine,
  setGranularity,
  showFunctionIn,
} from './refine'
import {initialViewerState, NO_REFINE, useViewer} from './store'

beforeEach(() => useViewer.setState({...initialViewerState}))

describe('regexps of a name', () => {
  const names = ['main.(*server).handle', 'a+b?c|d[0]{1}^$\\x', 'example.com/x.F']
  it('quote every metacharacter (Go and JS read them alike)', () => {
    for (const name of names) {
      expect(compileGoRegexp(exactRegexp(name), 'focus').test(name)).toBe(true)
      expect(new RegExp(exactRegexp(name)).test(name)).toBe(true)
      expect(new RegExp(exactRegexp(name)).test(name + 'x')).toBe(false)
    }
    expect(quoteRegexp('main.f')).toBe('main\\.f')
  })

  it('functionRegexp matches a function at every granularity, not its closures', () => {
    const re = new RegExp(functionRegexp('main.f'))
    expect(re.test('main.f')).toBe(true)
    expect(re.test('main.f a/b.go')).toBe(true)
    expect(re.test('main.f a/b.go:12')).toBe(true)
    expect(re.test('main.f.func1')).toBe(false)
    expect(re.test('xmain.f')).toBe(false)
  })
})

describe('refine actions', () => {
  it('focus and show_from replace, ignore and hide add alternatives', () => {
    addRefine('focus', 'a')
    addRefine('focus', 'b')
    addRefine('hide', 'x')
    addRefine('hide', 'y')
    addRefine('hide', 'x')
    expect(useViewer.getState().refine).toEqual({...NO_REFINE, focus: 'b', hide: 'x|y'})
    removeRefine('hide')
    expect(useViewer.getState().refine.hide).toBe('')
    clearRefine()
    expect(useViewer.getState().refine).toEqual(NO_REFINE)
  })

  it('Enter in search focuses on the search and clears it, unless it does not compile', () => {
    useViewer.setState({search: 'main\\.build'})
    expect(focusOnSearch('main\\.build')).toBe(true)
    expect(useViewer.getState().refine.focus).toBe('main\\.build')
    expect(useViewer.getState().search).toBe('')
    expect(focusOnSearch('a(')).toBe(false)
    expect(useViewer.getState().refine.focus).toBe('main\\.build')
  })

  it('reports a bad regexp as pprof does', () => {
    expect(regexpError('focus', 'a(')).toMatch(/^parsing focus regexp: /)
    expect(regexpError('showFrom', 'a[')).toMatch(/^parsing show_from regexp: /)
    expect(regexpError('hide', 'a|b')).toBe('')
  })

  it('a granularity change drops the zoom; showing a function selects it', () => {
    useViewer.setState({zoomPath: [2, 4]})
    setGranularity('lines')
    expect(useViewer.getState()).toMatchObject({granularity: 'lines', zoomPath: []})
    showFunctionIn('peek', 'main.f')
    expect(useViewer.getState()).toMatchObject({view: 'peek', selectedFunction: 'main.f'})
  })

  it('round-trips through the URL keys of pprof’s web UI', () => {
    const refine = {...NO_REFINE, focus: 'a', showFrom: 'b'}
    const keys = refineToUrl(refine, 'files')
    expect(keys).toEqual({f: 'a', sf: 'b', g: 'files'})
    expect(refineFromUrl(keys)).toEqual({refine, granularity: 'files'})
    expect(refineFromUrl({g: 'nonsense'}).granularity).toBe('functions')
  })
})

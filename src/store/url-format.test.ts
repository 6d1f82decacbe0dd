import {describe, expect, it} from 'vitest'
import {
  defaultUrlState,
  formatHash,
  historyMode,
  parseHash,
  sameSource,
  type UrlState,
} from './url-format'

const state = (u: Partial<UrlState>): UrlState => ({...defaultUrlState, ...u})

describe('the URL hash', () => {
  it('leaves out every default', () => {
    expect(formatHash(defaultUrlState)).toBe('')
    expect(formatHash(state({source: {kind: 'sample'}}))).toBe('sample')
  })

  it('keeps #sample and #cap= working', () => {
    const u = parseHash('#sample&cap=1')
    expect(u.source).toEqual({kind: 'sample'})
    expect(u.cap).toBe('1')
    expect(formatHash(u)).toBe('sample&cap=1')
  })

  it('round-trips every field, in a fixed key order', () => {
    const u = state({
      source: {kind: 'url', url: 'http://localhost:6060/debug/pprof/heap?debug=0&gc=1'},
      base: {kind: 'url', url: 'profiles/1/t0 #1.pb.gz'},
      view: 'top',
      sampleType: 'alloc_space',
      search: 'json|Sprintf & a+b=c #x 100%',
      zoom: [
        {name: 'main.main', inlined: false},
        {name: 'main.(*T).run[...]', inlined: true},
        {name: 'z=weird&name', inlined: false},
      ],
      topSort: 'cum',
      orientation: 'flame',
      diffMode: 'diff_base',
      normalize: true,
      diffWidth: 'current',
      palette: 'colorblind',
      refine: {f: 'main\\.', h: 'runtime', g: 'lines'},
      cap: '64',
    })
    const text = formatHash(u)
    expect(text).toBe(
      'url=http://localhost:6060/debug/pprof/heap%3Fdebug%3D0%26gc%3D1' +
        '&base=profiles/1/t0%20%231.pb.gz&view=top&si=alloc_space' +
        '&q=json%7CSprintf%20%26%20a%2Bb%3Dc%20%23x%20100%25' +
        '&z=main.main&zi=main.(*T).run%5B...%5D&z=z%3Dweird%26name' +
        '&sort=cum&o=flame&diff=diff_base&norm=1&dw=current&pal=cb' +
        '&f=main%5C.&h=runtime&g=lines&cap=64',
    )
    expect(parseHash('#' + text)).toEqual(u)
  })

  it('reads a hand-written link leniently', () => {
    const u = parseHash('#url=http://h/heap&view=nonsense!&si=&norm=t&z=a&zi=b&z=c&x=1')
    expect(u.source).toEqual({kind: 'url', url: 'http://h/heap'})
    expect(u.view).toBe('flame')
    expect(u.sampleType).toBeNull()
    expect(u.normalize).toBe(true)
    expect(u.zoom.map((f) => `${f.inlined ? '~' : ''}${f.name}`)).toEqual(['a', '~b', 'c'])
  })

  it('writes diff options only for a comparison, and local files by name', () => {
    const u = state({source: {kind: 'file', name: 'heap.pb.gz'}, diffMode: 'diff_base'})
    expect(formatHash(u)).toBe('file=heap.pb.gz')
    const cmp = {...u, base: {kind: 'file', name: 'b.pb.gz'} as const}
    expect(formatHash(cmp)).toBe('file=heap.pb.gz&basefile=b.pb.gz&diff=diff_base')
    expect(formatHash({...u, base: {kind: 'sample'}})).toContain('base=samples/heap.pb.gz')
  })

  it('compares sources', () => {
    expect(sameSource({kind: 'url', url: 'a'}, {kind: 'url', url: 'a'})).toBe(true)
    expect(sameSource({kind: 'url', url: 'a'}, {kind: 'file', name: 'a'})).toBe(false)
    expect(sameSource({kind: 'sample'}, {kind: 'sample'})).toBe(true)
    expect(sameSource(null, null)).toBe(true)
    expect(sameSource(null, {kind: 'sample'})).toBe(false)
  })

  it('pushes meaningful changes and replaces for the search', () => {
    const a = state({source: {kind: 'sample'}})
    expect(historyMode(null, a)).toBe('replace')
    expect(historyMode(defaultUrlState, a)).toBe('replace')
    expect(historyMode(a, {...a, search: 'j'})).toBe('replace')
    expect(historyMode(a, {...a, orientation: 'flame'})).toBe('replace')
    expect(historyMode(a, {...a, view: 'top'})).toBe('push')
    expect(historyMode(a, {...a, sampleType: 'alloc_space'})).toBe('push')
    expect(historyMode(a, {...a, zoom: [{name: 'main.main', inlined: false}]})).toBe('push')
    expect(historyMode(a, {...a, source: {kind: 'file', name: 'x'}})).toBe('push')
  })
})

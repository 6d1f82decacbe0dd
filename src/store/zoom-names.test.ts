import {describe, expect, it} from 'vitest'
import {profileFromStacks} from '../test-utils/profile-from-stacks'
import {namesToZoom, zoomToNames} from './zoom-names'

describe('the zoom path by names', () => {
  const p = profileFromStacks(`
    main;work[file:a.go];leaf 5
    main;work[file:b.go];other 7
    main;render;newPoint[inline] 3
    main;render;newPoint 2
  `)
  const q = profileFromStacks(`
    main;render;newPoint 2
    main;zzz 1
    main;render;newPoint[inline] 3
  `)

  it('turns frame keys into names and back, in another profile too', () => {
    const names = [
      {name: 'main', inlined: false},
      {name: 'render', inlined: false},
      {name: 'newPoint', inlined: true},
    ]
    const inP = namesToZoom(p, names)
    expect(inP).toHaveLength(3)
    expect(zoomToNames(p, inP)).toEqual(names)
    const inQ = namesToZoom(q, names)
    expect(inQ).toHaveLength(3)
    expect(zoomToNames(q, inQ)).toEqual(names)
    // The same names are other function indexes in q.
    expect(inQ).not.toEqual(inP)
  })

  it('stops at the first frame not found', () => {
    const path = namesToZoom(q, [
      {name: 'main', inlined: false},
      {name: 'work', inlined: false},
      {name: 'leaf', inlined: false},
    ])
    expect(zoomToNames(q, path)).toEqual([{name: 'main', inlined: false}])
    expect(namesToZoom(q, [{name: 'nope', inlined: false}])).toEqual([])
  })

  it('finds the way under same-named siblings (one name, two files)', () => {
    const names = (leaf: string) => [
      {name: 'main', inlined: false},
      {name: 'work', inlined: false},
      {name: leaf, inlined: false},
    ]
    expect(zoomToNames(p, namesToZoom(p, names('leaf')))).toEqual(names('leaf'))
    expect(zoomToNames(p, namesToZoom(p, names('other')))).toEqual(names('other'))
    expect(namesToZoom(p, names('leaf'))[1]).not.toBe(namesToZoom(p, names('other'))[1])
  })
})

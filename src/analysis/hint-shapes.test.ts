import {describe, expect, it} from 'vitest'
import {growthChain, isBucketSize, matchShapes, type SizeBin} from './hint-shapes'

// Bins from "size×objects" (allocated bytes = size × objects; in use: `kept` objects of each).
function bins(spec: string, kept = 0): SizeBin[] {
  return spec.split(' ').map((s) => {
    const [size, objects] = s.split('x').map(Number)
    return {size, objects, allocSpace: size * objects, inuseSpace: size * Math.min(kept, objects)}
  })
}

const shapes = (spec: string, kept = 0) =>
  matchShapes(bins(spec, kept)).map((m) => `${m.kind}:${m.sizes.join(',')}`)

describe('matchShapes', () => {
  it('finds append growth: sizes doubling, no larger size more frequent', () => {
    expect(shapes('16x3000 32x3000 64x3000')).toEqual(['append-growth:16,32,64'])
    // From 1 KiB on, append grows by ~1.25× plus size-class rounding.
    expect(shapes('2048x1 4096x1 6784x1 10240x1 14336x1')).toEqual([
      'append-growth:2048,4096,6784,10240,14336',
    ])
    // Unrelated sizes in between do not break the chain.
    expect(shapes('16x3000 24x100 32x3000 64x3000')).toEqual(['append-growth:16,32,64'])
    expect(shapes('48x100 96x100')).toEqual([]) // two sizes may be two types
  })

  it('does not take sizes allocated more often than the smaller one for growth', () => {
    // buildTree-like: a 64 B node at every call, beside data of 16/32/48 B by depth.
    expect(shapes('16x8100 32x2700 48x900 64x12300', 1)).toEqual([])
  })

  it('tells a map from its bucket sizes', () => {
    expect(isBucketSize(208)).toBe(true) // map[string]int: 8 + 8·16 + 8·8 + 8
    expect(isBucketSize(144)).toBe(true) // map[int]int
    expect(isBucketSize(128)).toBe(false)
    expect(shapes('208x3070 416x3000')).toEqual(['map-growth:208,416'])
    expect(shapes('24x1 144x6 288x1 576x1 1152x1 2688x1 5376x1')).toEqual([
      'map-growth:144,288,576,1152,2688,5376',
    ])
  })

  it('finds boxing: several tiny sizes making most of the objects', () => {
    expect(shapes('16x6000 24x3000 32x3000')).toEqual(['boxing:16,24,32'])
    expect(shapes('16x10 24x10 512x100')).toEqual([])
  })

  it('finds variable-size copies that are dropped, and fixed-size scratch buffers', () => {
    const copies = '416x1 448x106 480x387 512x558 576x1117 640x798 704x33'
    expect(shapes(copies)).toEqual(['string-copy:416,448,480,512,576,640,704'])
    expect(shapes(copies, 1000)).toEqual([]) // kept: a cache, not copies
    expect(shapes('4096x3000')).toEqual(['scratch-buffer:4096'])
    expect(shapes('4096x3000', 3000)).toEqual([]) // all kept
    expect(shapes('4096x3')).toEqual([]) // too few to be per call
    expect(shapes('48x3000 4096x3000 64x3000')).toEqual(['scratch-buffer:4096'])
  })

  it('needs in-use values to call anything dropped', () => {
    const unknown = bins('4096x3000').map((b) => ({...b, inuseSpace: null}))
    expect(matchShapes(unknown)).toEqual([])
  })
})

describe('growthChain', () => {
  it('returns the longest chain, most bytes on a tie', () => {
    const chain = growthChain(bins('8x10 16x10 32x10 100x1 200x1'))
    expect(chain?.map((b) => b.size)).toEqual([8, 16, 32])
    expect(growthChain(bins('8x1'))).toBeNull()
    expect(growthChain(bins('8x1 12x1'))).toBeNull()
  })
})

import {describe, expect, it} from 'vitest'
import {funcFile, funcName} from '../model/profile'
import {HEAP_SAMPLE_TYPES, profileFromStacks} from './profile-from-stacks'

describe('profileFromStacks', () => {
  it('builds deduplicated tables, one sample per line', () => {
    const p = profileFromStacks(`
      # a comment
      main;foo;bar 30
      main;foo 10

      main;foo;bar 5
    `)
    expect(p.samples.length).toBe(3)
    expect(Array.from(p.samples.values[0])).toEqual([30, 10, 5])
    expect(p.funcs.length).toBe(3)
    expect(p.stacks.length).toBe(3)
    expect(Array.from(p.stacks.prefix)).toEqual([-1, 0, 1])
    expect(Array.from(p.samples.stack)).toEqual([2, 1, 2])
    expect(p.strings[0]).toBe('')
    expect(p.sampleTypes).toEqual([{type: 'samples', unit: 'count'}])
    expect(p.defaultSampleType).toBe(0)
  })

  it('parses frame attributes and names with spaces', () => {
    const p = profileFromStacks('main.<img src=x>[file:a.go][line:7];f[inline] 1 2 3 4', {
      sampleTypes: HEAP_SAMPLE_TYPES,
    })
    expect(funcName(p, 0)).toBe('main.<img src=x>')
    expect(funcFile(p, 0)).toBe('a.go')
    expect(p.frames.line[0]).toBe(7)
    expect(Array.from(p.frames.inlined)).toEqual([0, 1])
    expect(p.samples.values.map((v) => v[0])).toEqual([1, 2, 3, 4])
    expect(p.defaultSampleType).toBe(3)
  })

  it('keeps functions apart by file, frames by line and inlining', () => {
    const p = profileFromStacks(`
      a[file:x.go];b 1
      a[file:y.go];b[line:2] 1
      a[file:y.go];b[inline] 1
    `)
    expect(p.funcs.length).toBe(3)
    expect(p.frames.length).toBe(5)
  })

  it('makes empty stacks from "-" and applies meta', () => {
    const p = profileFromStacks('- 7', {meta: {mainFile: '/app/x', durationNanos: 5}})
    expect(Array.from(p.samples.stack)).toEqual([-1])
    expect(p.mainFile).toBe('/app/x')
    expect(p.durationNanos).toBe(5)
  })

  it('rejects lines without enough integer values', () => {
    expect(() => profileFromStacks('main')).toThrow(/expected a stack and 1 values/)
    expect(() => profileFromStacks('main 1.5')).toThrow(/integers/)
  })
})

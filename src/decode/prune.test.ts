import {describe, expect, it} from 'vitest'
import {ProfileError, decodeProfileBytes} from './index'
import {compileAnchored, simplifyFunc} from './prune'
import {Pb, fixture, makeProfile, stackNames} from './test-support'

describe('drop_frames / keep_frames', () => {
  it("simplifies names like pprof's simplifyFunc", () => {
    expect(simplifyFunc('runtime.mallocgc')).toBe('runtime.mallocgc')
    expect(simplifyFunc('.foo.bar')).toBe('foo.bar')
    expect(simplifyFunc('main.(*T).Method')).toBe('main.')
    expect(simplifyFunc('ns::f(int, char)')).toBe('ns::f')
    expect(simplifyFunc('(anonymous namespace)::g(int)')).toBe('(anonymous namespace)::g')
    expect(simplifyFunc('Functor::operator()(int)')).toBe('Functor::operator()')
  })

  it('anchors regexps as ^(re)$ and translates common RE2-only syntax', () => {
    const re = compileAnchored('runtime\\.mallocgc|runtime\\.newobject', 'drop_frames')
    expect(re.test('runtime.mallocgc')).toBe(true)
    expect(re.test('runtime.mallocgc2')).toBe(false)
    expect(re.test('xruntime.newobject')).toBe(false)
    expect(compileAnchored('(?i)MAIN\\..*', 'x').test('main.f')).toBe(true)
    expect(compileAnchored('[[:digit:]]+', 'x').test('123')).toBe(true)
    expect(() => compileAnchored('a(', 'drop_frames')).toThrow(ProfileError)
  })

  it('matches the drop-frames fixture: cut below the first user frame, not above it', () => {
    const p = decodeProfileBytes(fixture('edge/drop-frames.pb.gz'), 'drop-frames.pb.gz')
    const stacks = stackNames(p)
    expect(stacks).toContainEqual(['runtime.main', 'main.main', 'main.alloc'])
    // Rooted at runtime.mallocgc with no user frame above: kept whole.
    expect(stacks).toContainEqual(['runtime.mallocgc', 'runtime.gcStart'])
    expect(stacks.flat()).not.toContain('runtime.newobject')
  })

  it('prunes beneath an inlined match, keeping the outer lines of its location', () => {
    // Location 10 holds runtime.mallocgc inlined into main.helper.
    const bytes = makeProfile({
      samples: [{locations: [1, 10, 2], values: [7]}],
      functions: ['runtime.memclrNoHeapPointers', 'main.main', 'runtime.mallocgc', 'main.helper'],
      extra: (pb, str) =>
        pb
          .message(
            4,
            new Pb().int(1, 10).message(4, new Pb().int(1, 3)).message(4, new Pb().int(1, 4)),
          )
          .int(7, str('runtime\\.mallocgc|runtime\\.memclrNoHeapPointers')),
    })
    expect(stackNames(decodeProfileBytes(bytes, 'x'))).toEqual([['main.main', 'main.helper']])
  })

  it('spares frames matching keep_frames', () => {
    const bytes = makeProfile({
      samples: [{locations: [1, 2, 3], values: [1]}],
      functions: ['runtime.mallocgc', 'runtime.panic', 'main.main'],
      extra: (pb, str) => pb.int(7, str('runtime\\..*')).int(8, str('runtime\\.panic')),
    })
    expect(stackNames(decodeProfileBytes(bytes, 'x'))).toEqual([['main.main', 'runtime.panic']])
  })

  it('rejects a drop_frames that is not a regular expression', () => {
    const extra = (pb: Pb, str: (s: string) => number) => pb.int(7, str('a('))
    const bytes = makeProfile({samples: [], functions: [], extra})
    const bad = /malformed profile: drop_frames is not a valid regular expression/
    expect(() => decodeProfileBytes(bytes, 'x')).toThrow(bad)
  })
})

import {gzipSync} from 'fflate'
import {describe, expect, it} from 'vitest'
import {ALLOC_RX, ALLOC_SKIP_RX, scaleHeapSample} from './heap-text'
import {ProfileError, decodeProfileBytes} from './index'
import {fixture, stackNames} from './test-support'

const text = (s: string) => new TextEncoder().encode(s)
const decode = (s: string) => decodeProfileBytes(text(s), 'heap.txt')

describe('Go heap profile text format', () => {
  it("unsamples like pprof's scaleHeapSample (values verified with go1.19, rate 524288)", () => {
    expect(scaleHeapSample(17, 17825792, 524288)).toEqual([19, 20615842])
    expect(scaleHeapSample(3, 933888, 524288)).toEqual([6, 2085746])
    expect(scaleHeapSample(35, 2240, 524288)).toEqual([286737, 18351200])
    expect(scaleHeapSample(1, 5791744, 524288)).toEqual([1, 5791836])
    expect(scaleHeapSample(0, 0, 524288)).toEqual([0, 0])
    expect(scaleHeapSample(5, 640, 1)).toEqual([5, 640])
  })

  it('reads the header: heap/N gives period N/2, four types when alloc values differ', () => {
    const p = decode(
      'heap profile: 17: 17825792 [35: 2240] @ heap/1048576\n' +
        '17: 17825792 [35: 2240] @ 0x1001 0x2001\n' +
        '#\t0x1000\tmain.alloc+0x10\t/src/main.go:10\n' +
        '#\t0x2000\tmain.main+0x20\t/src/main.go:20\n\n',
    )
    expect(p.format).toBe('heap-text')
    expect(p.sampleTypes.map((t) => `${t.type}/${t.unit}`)).toEqual([
      'alloc_objects/count', 'alloc_space/bytes', 'inuse_objects/count', 'inuse_space/bytes',
    ])
    expect(p.sampleTypes[p.defaultSampleType].type).toBe('inuse_space')
    expect(p.period).toBe(524288)
    expect(p.periodType).toEqual({type: 'space', unit: 'bytes'})
    expect(p.samples.values.map((v) => v[0])).toEqual([286737, 18351200, 19, 20615842])
    expect(Array.from(p.samples.bytes!)).toEqual([1048576])
    expect(stackNames(p)).toEqual([['main.main', 'main.alloc']])
    expect(p.dropFrames).toBe(ALLOC_RX)
    expect(p.keepFrames).toBe(ALLOC_SKIP_RX)
  })

  it('uses two types when alloc equals inuse, and keeps zero records unmerged', () => {
    const p = decode(
      'heap profile: 3: 96 [3: 96] @ heap/2\n' +
        '2: 64 [2: 64] @ 0x11\n#\t0x10\tmain.a+0x1\tm.go:1\n\n' +
        '1: 32 [1: 32] @ 0x11\n#\t0x10\tmain.a+0x1\tm.go:1\n\n' +
        '0: 0 [0: 0] @ 0x11\n#\t0x10\tmain.a+0x1\tm.go:1\n\n',
    )
    expect(p.sampleTypes.map((t) => t.type)).toEqual(['objects', 'space'])
    expect(p.period).toBe(1)
    expect(p.samples.length).toBe(3)
    expect(Array.from(p.samples.values[1])).toEqual([64, 32, 0])
    expect(p.samples.stack[0]).toBe(p.samples.stack[1])
  })

  it('names frames from # lines; no # line: left out; one PC on several: inlined calls', () => {
    const p = decode(
      'heap profile: 1: 8 [2: 16] @ heap/2\n' +
        '1: 8 [2: 16] @ 0x100 0x201 0x301 0x401\n' +
        '#\t0x200\tmain.inner+0x5\t/a.go:5\n' +
        '#\t0x200\tmain.outer+0x9\t/a.go:9\n' +
        '#\t0x300\tmain.main+0x3\t/a.go:30\n\n',
    )
    // 0x100 (a hidden runtime frame) and 0x401 (runtime.goexit) have no # line.
    expect(stackNames(p)).toEqual([['main.main', 'main.outer', 'main.inner']])
    const leaf = p.stacks.frame[p.samples.stack[0]]
    expect(p.frames.inlined[leaf]).toBe(1)
    expect(p.frames.line[leaf]).toBe(5)
  })

  it('splits # lines among repeated addresses (recursion)', () => {
    const p = decode(
      'heap profile: 1: 8 [1: 8] @ heap/2\n' +
        '1: 8 [1: 8] @ 0x11 0x21 0x21 0x31\n' +
        '#\t0x10\tmain.leaf+0x1\t/a.go:1\n' +
        '#\t0x20\tmain.rec+0x1\t/a.go:2\n' +
        '#\t0x20\tmain.rec+0x1\t/a.go:2\n' +
        '#\t0x30\tmain.main+0x1\t/a.go:3\n\n',
    )
    expect(stackNames(p)).toEqual([['main.main', 'main.rec', 'main.rec', 'main.leaf']])
  })

  it('prunes allocator frames with pprof legacy drop_frames, and keeps all-runtime stacks', () => {
    const p = decode(
      'heap profile: 2: 16 [2: 16] @ heap/2\n' +
        '1: 8 [1: 8] @ 0x11 0x21 0x31\n' +
        '#\t0x10\truntime.makeslice+0x1\t/r.go:1\n' +
        '#\t0x20\tmain.work+0x1\t/a.go:2\n' +
        '#\t0x30\tmain.main+0x1\t/a.go:3\n\n' +
        '1: 8 [1: 8] @ 0x41 0x51\n' +
        '#\t0x40\truntime.malg+0x1\t/r.go:4\n' +
        '#\t0x50\truntime.newproc1+0x1\t/r.go:5\n\n',
    )
    expect(stackNames(p)).toEqual([
      ['main.main', 'main.work'],
      ['runtime.newproc1', 'runtime.malg'],
    ])
  })

  it('keeps the addresses of records without any # line as <unknown> frames', () => {
    const p = decode('heap profile: 1: 8 [1: 8] @ heap/2\n1: 8 [1: 8] @ 0x11 0x21\n')
    expect(stackNames(p)).toEqual([['<unknown>', '<unknown>']])
  })

  it('reads gzipped heap text too', () => {
    const p = decodeProfileBytes(gzipSync(fixture('heap/heap.txt')), 'heap.txt.gz')
    expect(p.format).toBe('heap-text')
    expect(p.samples.length).toBe(403)
  })

  it('rejects malformed records with the line number', () => {
    const bad = () => decode('heap profile: 1: 8 [1: 8] @ heap/2\n0: 8 [1: 8] @ 0x11\n')
    expect(bad).toThrow(ProfileError)
    expect(bad).toThrow('malformed heap profile: line 2: inuse count was 0 but inuse bytes was 8')
    const header = 'heap profile: 1: 8 [1: 8] @ heap/2\n'
    expect(() => decode(header + 'nonsense\n')).toThrow(/line 2: expected a record/)
    expect(() => decode(header + '1: 9007199254740993 [1: 8] @ 0x1\n')).toThrow(/exceeds 2\^53/)
  })
})

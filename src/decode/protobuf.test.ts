import {gunzipSync} from 'fflate'
import {describe, expect, it} from 'vitest'
import {perftools} from './generated/profile.js'
import {ProfileError, decodeProfileBytes} from './index'
import {Pb, fixture, makeProfile, stackNames} from './test-support'

const decode = (bytes: Uint8Array) => decodeProfileBytes(bytes, 'test.pb')

function expectError(bytes: Uint8Array, message: string | RegExp): void {
  let error: unknown
  try {
    decode(bytes)
  } catch (e) {
    error = e
  }
  expect(error).toBeInstanceOf(ProfileError)
  expect((error as Error).message).toMatch(message)
}

const twoFunctions = ['main.leaf', 'main.main']

describe('protobuf decoding', () => {
  it('decodes samples, root-first stacks and metadata', () => {
    const p = decode(
      makeProfile({
        types: [['alloc_space', 'bytes'], ['inuse_space', 'bytes']],
        samples: [
          {locations: [1, 2], values: [100, 10]},
          {locations: [2], values: [5, 0]},
        ],
        functions: twoFunctions,
        extra: (pb, str) =>
          pb
            .int(9, 1_763_000_000_123_456_789n)
            .int(10, 5e9)
            .int(12, 524288)
            .int(13, str('a comment'))
            .message(11, new Pb().int(1, str('space')).int(2, str('bytes'))),
      }),
    )
    expect(p.format).toBe('pprof')
    expect(stackNames(p)).toEqual([['main.main', 'main.leaf'], ['main.main']])
    expect(Array.from(p.samples.values[0])).toEqual([100, 5])
    expect(Array.from(p.samples.values[1])).toEqual([10, 0])
    expect(p.defaultSampleType).toBe(1)
    expect(p.timeMillis).toBeCloseTo(1_763_000_000_123.4568, 3)
    expect(p.durationNanos).toBe(5e9)
    expect(p.period).toBe(524288)
    expect(p.periodType).toEqual({type: 'space', unit: 'bytes'})
    expect(p.comments).toEqual(['a comment'])
    expect(p.mainFile).toBe('/bin/app')
    expect(p.buildId).toBe('build-1')
    expect(p.samples.bytes).toBeNull()
    expect(p.frames.line[p.stacks.frame[p.samples.stack[0]]]).toBe(10)
  })

  it('reads packed and unpacked repeated fields alike', () => {
    const samples = [{locations: [1, 2], values: [3, -4]}]
    const types: [string, string][] = [['a', 'count'], ['b', 'count']]
    const packed = decode(makeProfile({types, samples, functions: twoFunctions}))
    const unpacked = decode(makeProfile({types, samples, functions: twoFunctions, packed: false}))
    expect(stackNames(unpacked)).toEqual(stackNames(packed))
    expect(unpacked.samples.values).toEqual(packed.samples.values)
  })

  it('keeps negative values (diff profiles) exact', () => {
    const samples = [
      {locations: [1], values: [-7]},
      {locations: [1], values: [-(2n ** 53n)]},
    ]
    const p = decode(makeProfile({samples, functions: twoFunctions}))
    expect(Array.from(p.samples.values[0])).toEqual([-7, -(2 ** 53)])
  })

  it('refuses a value beyond 2^53 instead of rounding it', () => {
    const one = (v: bigint) =>
      makeProfile({samples: [{locations: [1], values: [v]}], functions: ['f']})
    const message = 'sample value 9007199254740993 exceeds 2^53 and cannot be shown exactly'
    expectError(one(2n ** 53n + 1n), message)
    const negative = one(-(2n ** 60n))
    expectError(negative, 'sample value -1152921504606846976 exceeds 2^53')
  })

  it('keeps the numeric label bytes per sample (NaN where absent; num 0 dropped, as pprof)', () => {
    const p = decode(
      makeProfile({
        samples: [
          {locations: [1], values: [1], labels: [['bytes', 48]]},
          {locations: [1], values: [1]},
          {locations: [1], values: [1], labels: [['bytes', 0]]},
          {locations: [1], values: [1], labels: [['other', 5], ['bytes', 4096]]},
        ],
        functions: twoFunctions,
      }),
    )
    expect(Array.from(p.samples.bytes!)).toEqual([48, NaN, NaN, 4096])
  })

  it('accepts sparse and very large location and function ids', () => {
    const big = 2 ** 40
    const pb = new Pb()
    pb.message(1, new Pb().int(1, 1).int(2, 2))
    pb.message(2, new Pb().ints(1, [big, 7]).ints(2, [3]))
    pb.message(4, new Pb().int(1, big).message(4, new Pb().int(1, 900)))
    pb.message(4, new Pb().int(1, 7).message(4, new Pb().int(1, 5)))
    pb.message(5, new Pb().int(1, 900).int(2, 3))
    pb.message(5, new Pb().int(1, 5).int(2, 4))
    for (const s of ['', 'samples', 'count', 'main.leaf', 'main.main']) pb.string(6, s)
    expect(stackNames(decode(pb.toBytes()))).toEqual([['main.main', 'main.leaf']])
  })

  it('gives an empty stack to a sample without locations', () => {
    const p = decode(makeProfile({samples: [{locations: [], values: [9]}], functions: []}))
    expect(p.samples.stack[0]).toBe(-1)
  })

  it('takes default_sample_type when it names a type, else the last type', () => {
    const types: [string, string][] = [['alloc_space', 'bytes'], ['inuse_space', 'bytes']]
    const withDefault = (name: string) =>
      makeProfile({types, samples: [], functions: [], extra: (pb, str) => pb.int(14, str(name))})
    expect(decode(withDefault('alloc_space')).defaultSampleType).toBe(0)
    expect(decode(withDefault('nope')).defaultSampleType).toBe(1)
  })

  it('names line-less locations after their mapping, like pprof -symbolize=none', () => {
    const p = decode(fixture('edge/addresses-only.pb.gz'))
    expect(new Set(stackNames(p).flat())).toEqual(new Set(['[stripped-binary]', '[libc.so.6]']))
  })

  it('expands inlined lines into frames, innermost last, all but the last line inlined', () => {
    const p = decode(fixture('edge/inlined.pb.gz'))
    const rows: string[] = []
    for (let s = 0; s < p.samples.length; s++) {
      const frames: string[] = []
      for (let k = p.samples.stack[s]; k >= 0; k = p.stacks.prefix[k]) {
        const f = p.stacks.frame[k]
        const name = p.strings[p.funcs.name[p.frames.func[f]]]
        frames.push(name + (p.frames.inlined[f] ? ' (inline)' : ''))
      }
      rows.push(frames.reverse().join(' > '))
    }
    expect(rows).toContain(
      'runtime.main > main.main > main.render > main.makeShape (inline) > main.newPoint (inline)',
    )
    const writeString = 'main.format > strings.(*Builder).WriteString (inline) >'
    expect(rows.some((r) => r.includes(writeString))).toBe(true)
  })

  it('decodes a stack 10,000 frames deep without recursion', () => {
    const p = decode(fixture('edge/deep-10000.pb.gz'))
    const depths = stackNames(p).map((s) => s.length)
    expect(Math.max(...depths)).toBe(10000)
    expect(depths).toContain(5000)
  })
})

describe('pprof decoder rules and CheckValid', () => {
  it('detects two concatenated profiles (a second time_nanos)', () => {
    const one = makeProfile({samples: [], functions: [], extra: (pb) => pb.int(9, 1e18)})
    expectError(new Uint8Array([...one, ...one]), /^concatenated profiles detected/)
  })

  it('requires string_table[0] to be empty', () => {
    const pb = new Pb().string(6, 'x')
    expectError(pb.toBytes(), 'malformed profile: string_table[0] must be ""')
  })

  it('rejects string indices out of range', () => {
    const bytes = fixture('edge/bad-string-index.pb.gz')
    expectError(bytes, 'malformed profile: string index 9999 is out of range')
  })

  it('rejects a known field with the wrong wire type', () => {
    const pb = new Pb().tag(2, 0).varint(5).string(6, '')
    expectError(
      pb.toBytes(),
      /^not a pprof profile: the file is not a valid protobuf profile \(field 2 of Profile has/,
    )
  })

  it('rejects wire types 3 and 4 and truncated fields', () => {
    expectError(new Pb().tag(40, 3).toBytes(), /unknown wire type 3/)
    expectError(new Uint8Array([0x32, 0x05, 0x61]), /runs past the end of the data/)
  })

  it('checks sample value counts against the sample types', () => {
    const bytes = makeProfile({samples: [{locations: [1], values: [1, 2]}], functions: ['f']})
    expectError(bytes, 'malformed profile: mismatch: sample has 2 values vs. 1 types')
  })

  it('refuses a profile without sample types, which has nothing to show', () => {
    expectError(makeProfile({types: [], samples: [], functions: []}), 'profile has no samples')
  })

  it('requires sample types when there are samples', () => {
    const samples = [{locations: [1], values: []}]
    const bytes = makeProfile({types: [], samples, functions: ['f']})
    expectError(bytes, 'malformed profile: missing sample type information')
  })

  it('rejects a sample location that does not exist', () => {
    const bytes = makeProfile({samples: [{locations: [1, 42], values: [1]}], functions: ['f']})
    expectError(bytes, 'malformed profile: sample has nil location (location id 42')
  })

  it('rejects zero and duplicate ids and lines without a function', () => {
    const base = (extra: (pb: Pb) => void) =>
      makeProfile({samples: [{locations: [1], values: [1]}], functions: twoFunctions, extra})
    const zeroFunction = base((pb) => pb.message(5, new Pb().int(2, 0)))
    expectError(zeroFunction, 'malformed profile: found function with reserved ID=0')
    const twoLocations = base((pb) => pb.message(4, new Pb().int(1, 2)))
    expectError(twoLocations, 'malformed profile: multiple locations with same id: 2')
    const twoMappings = base((pb) => pb.message(3, new Pb().int(1, 1)))
    expectError(twoMappings, 'malformed profile: multiple mappings with same id: 1')
    expectError(
      base((pb) => pb.message(4, new Pb().int(1, 3).message(4, new Pb().int(1, 77)))),
      'malformed profile: location id: 3 has a line with nil function',
    )
  })
})

describe('cross-check with the generated protobufjs decoder', () => {
  const files = [
    'heap/heap.pb.gz',
    'cpu/cpu.pb.gz',
    'edge/labels.pb.gz',
    'edge/inlined.pb.gz',
    'leak/diff-005-minus-000.pb.gz',
  ]
  for (const path of files) {
    it(path, () => {
      const bytes = fixture(path)
      const ours = decode(bytes)
      const msg = perftools.profiles.Profile.decode(gunzipSync(bytes))
      const strings = msg.stringTable
      const fnName = new Map(msg.function.map((f) => [Number(f.id), strings[Number(f.name)]]))
      const locNames = new Map(
        msg.location.map((l) => {
          const names = (l.line ?? []).map((ln) => fnName.get(Number(ln.functionId))!)
          return [Number(l.id), names]
        }),
      )
      expect(ours.samples.length).toBe(msg.sample.length)
      msg.sample.forEach((s, i) => {
        const names = (s.locationId ?? []).flatMap((id) => locNames.get(Number(id))!).reverse()
        expect(stackNames(ours)[i]).toEqual(names)
        ;(s.value ?? []).forEach((v, t) => expect(ours.samples.values[t][i]).toBe(Number(v)))
      })
    })
  }
})

import {gzipSync} from 'fflate'
import {describe, expect, it} from 'vitest'
import type {Profile} from '../model/profile'
import {ProfileError, decodeProfileBytes} from './index'
import {
  type FlatCum,
  fixture,
  fixtureText,
  flatCumByName,
  oracleFor,
  parseTopOracle,
} from './test-support'

/** Every valid protobuf fixture; `functions` differs from .info.txt only where noted. */
const VALID = [
  'bench/mem.out',
  'cpu/block.pb.gz',
  'cpu/cpu.pb.gz',
  'cpu/goroutine.pb.gz',
  'cpu/mutex.pb.gz',
  'edge/addresses-only.pb.gz',
  'edge/deep-10000.pb.gz',
  'edge/default-sample-type.pb.gz',
  'edge/drop-frames.pb.gz',
  'edge/empty.pb.gz',
  'edge/hostile-names.pb.gz',
  'edge/inlined.pb.gz',
  'edge/labels.pb.gz',
  'edge/mutual-recursion.pb.gz',
  'edge/uncompressed.pb',
  'edge/zero-values.pb.gz',
  'heap/heap.pb.gz',
  'heap/heap.txt',
  'leak/diff-005-minus-000.pb.gz',
  'leak/heap-000.pb.gz',
  'leak/heap-001.pb.gz',
  'leak/heap-002.pb.gz',
  'leak/heap-003.pb.gz',
  'leak/heap-004.pb.gz',
  'leak/heap-005.pb.gz',
  'leak/heap-000.txt',
  'leak/heap-003.txt',
  'leak/heap-005.txt',
]

interface Info {
  types: string[]
  units: string[]
  dflt: string
  samples: number
  functions: number
}

function info(path: string): Info {
  const text = fixtureText(`${path}.info.txt`)
  const types: string[] = []
  const units: string[] = []
  for (const m of text.matchAll(/^\d+ (\S+) (\S+)$/gm)) {
    types.push(m[1])
    units.push(m[2])
  }
  const num = (key: string) => Number(new RegExp(`^${key} (\\d+)$`, 'm').exec(text)![1])
  const dflt = /^default (\S+)$/m.exec(text)![1]
  return {types, units, dflt, samples: num('samples'), functions: num('functions')}
}

function decode(path: string): Profile {
  return decodeProfileBytes(fixture(path), path.slice(path.lastIndexOf('/') + 1))
}

describe('valid fixtures match their .info.txt', () => {
  for (const path of VALID) {
    it(path, () => {
      const p = decode(path)
      const want = info(path)
      expect(p.sampleTypes.map((t) => t.type)).toEqual(want.types)
      expect(p.sampleTypes.map((t) => t.unit)).toEqual(want.units)
      expect(p.sampleTypes[p.defaultSampleType].type).toBe(want.dflt)
      expect(p.samples.length).toBe(want.samples)
      if (path.endsWith('.txt')) {
        // pprof reads no names from the text form (it needs the binary): 0 functions there.
        expect(want.functions).toBe(0)
        expect(p.funcs.length).toBeGreaterThan(50)
      } else if (path === 'edge/addresses-only.pb.gz') {
        // Unsymbolized: pprof has no Function; we name the frames [stripped-binary], [libc.so.6].
        expect(want.functions).toBe(0)
        expect(funcNames(p)).toEqual(['[stripped-binary]', '[libc.so.6]'])
      } else {
        expect(p.funcs.length).toBe(want.functions)
      }
      checkModelInvariants(p)
    })
  }
})

function funcNames(p: Profile): string[] {
  return Array.from(p.funcs.name, (s) => p.strings[s])
}

function checkModelInvariants(p: Profile): void {
  expect(p.strings[0]).toBe('')
  let bad = 0
  for (let i = 0; i < p.stacks.length; i++) {
    if (!(p.stacks.prefix[i] < i && p.stacks.frame[i] < p.frames.length)) bad++
  }
  for (let f = 0; f < p.frames.length; f++) if (!(p.frames.func[f] < p.funcs.length)) bad++
  for (let s = 0; s < p.samples.length; s++) if (!(p.samples.stack[s] < p.stacks.length)) bad++
  expect(bad).toBe(0)
  for (const column of p.samples.values) expect(column.length).toBe(p.samples.length)
}

/**
 * Flat/cum per function name and the total agree with a `go tool pprof -top` oracle.
 * `adjust` edits the oracle's rows first, for a known difference between two files.
 */
function expectMatchesOracle(
  p: Profile,
  oraclePath: string,
  adjust: (rows: Map<string, FlatCum>) => void = () => {},
): void {
  for (let t = 0; t < p.sampleTypes.length; t++) {
    const {type, unit} = p.sampleTypes[t]
    const want = parseTopOracle(oracleFor(oraclePath, type, unit))
    adjust(want.rows)
    const got = flatCumByName(p, t)
    expect(got.total, `${oraclePath} ${type} total`).toBe(want.total)
    const rows = Object.fromEntries(got.rows)
    expect(rows, `${oraclePath} ${type}`).toEqual(Object.fromEntries(want.rows))
  }
}

describe('flat and cum per function equal go tool pprof -top', () => {
  for (const path of VALID.filter((p) => !p.endsWith('.txt'))) {
    it(path, () => expectMatchesOracle(decode(path), path))
  }
})

/**
 * The one known difference between Go's two heap writers in these snapshots: for the timer
 * allocation [runtime.doaddtimer, runtime.modtimer, runtime.resettimer (inline),
 * time.resetTimer, …] the text writer hides the three leading runtime.* frames (it stops hiding
 * at time.resetTimer, a runtime function whose name is in package time), so the text has no
 * names for them and their bytes are flat in time.resetTimer; the protobuf writer keeps them.
 */
function foldTimerFrames(rows: Map<string, FlatCum>): void {
  const into = rows.get('time.resetTimer')
  for (const name of ['runtime.doaddtimer', 'runtime.modtimer', 'runtime.resettimer']) {
    const row = rows.get(name)
    if (!row || !into) continue
    into.flat += row.flat
    rows.delete(name)
  }
}

describe('Go heap text format', () => {
  it('heap/heap.txt matches heap/heap.pb.gz (the same snapshot) per function', () => {
    expectMatchesOracle(decode('heap/heap.txt'), 'heap/heap.pb.gz', foldTimerFrames)
  })
  for (const n of ['000', '003', '005']) {
    it(`leak/heap-${n}.txt matches leak/heap-${n}.pb.gz per function`, () => {
      expectMatchesOracle(decode(`leak/heap-${n}.txt`), `leak/heap-${n}.pb.gz`, foldTimerFrames)
    })
  }
})

describe('files that must be rejected, with a clear message', () => {
  const cases: [string, string | RegExp][] = [
    [
      'edge/bad-string-index.pb.gz',
      'malformed profile: string index 9999 is out of range (the string table has 6 strings)',
    ],
    ['edge/not-a-profile.png', 'not a pprof profile: the file is a PNG image'],
    [
      'edge/not-a-profile.txt',
      /^not a pprof profile: the file is text but not a Go heap profile \(it starts with "This is/,
    ],
    [
      'edge/random-bytes.pb.gz',
      /^not a pprof profile: the decompressed file is not a valid protobuf profile \(.+\)$/,
    ],
    ['edge/truncated.pb.gz', /^decompressing profile: unexpected EOF/],
  ]
  for (const [path, message] of cases) {
    it(path, () => expectRejected(fixture(path), message))
  }

  it('an empty file', () => {
    expectRejected(new Uint8Array(0), 'not a pprof profile: the file is empty')
  })

  it('an empty gzip', () => {
    const empty = gzipSync(new Uint8Array(0))
    expectRejected(empty, 'not a pprof profile: the decompressed file is empty')
  })

  it('Go text profiles other than heap', () => {
    const text = new TextEncoder().encode('goroutine profile: total 3\n3 @ 0x1 0x2\n')
    expectRejected(text, /the file is a Go goroutine profile in text form \(debug=1\)/)
  })
})

function expectRejected(bytes: Uint8Array, message: string | RegExp): void {
  let error: unknown
  try {
    decodeProfileBytes(bytes, 'x')
  } catch (e) {
    error = e
  }
  expect(error).toBeInstanceOf(ProfileError)
  expect((error as Error).message).toMatch(message)
}

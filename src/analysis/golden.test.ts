import {existsSync, readdirSync, readFileSync} from 'node:fs'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'
import {describe, expect, it} from 'vitest'
import {decodeProfileBytes} from '../decode/index'
import type {Profile} from '../model/profile'
import {formatTopText} from './report'
import {computeTop} from './top'

/**
 * Golden tests: our -top text against `go tool pprof -top` (go1.19) for every fixture profile,
 * every sample type, flat and cum order, byte for byte; and the -unit=B / -unit=ns oracles
 * against the exact integers. The fixtures' Time: lines were printed in UTC.
 */

const FIXTURES = fileURLToPath(new URL('../../fixtures', import.meta.url))
const ORACLE = /^(.+)\.top\.([a-z_]+)\.txt$/

interface Fixture {
  dir: string
  file: string // the profile's file name
  types: string[]
}

function findFixtures(): Fixture[] {
  const fixtures: Fixture[] = []
  const dirs = readdirSync(FIXTURES, {withFileTypes: true}).filter((d) => d.isDirectory())
  for (const dir of dirs.map((d) => d.name).sort()) {
    const files = new Set(readdirSync(join(FIXTURES, dir)))
    const byProfile = new Map<string, string[]>()
    for (const name of [...files].sort()) {
      const m = ORACLE.exec(name)
      // Oracles of -base/-diff_base pairs are named after two profiles: not a profile file.
      if (!m || !files.has(m[1])) continue
      byProfile.set(m[1], [...(byProfile.get(m[1]) ?? []), m[2]])
    }
    for (const [file, types] of byProfile) fixtures.push({dir, file, types})
  }
  return fixtures
}

const cache = new Map<string, Promise<Profile>>()

function load(dir: string, file: string): Promise<Profile> {
  const key = `${dir}/${file}`
  let p = cache.get(key)
  if (!p) {
    const bytes = new Uint8Array(readFileSync(join(FIXTURES, dir, file)))
    p = Promise.resolve(decodeProfileBytes(bytes, file))
    cache.set(key, p)
  }
  return p
}

function oracle(dir: string, name: string): string {
  return readFileSync(join(FIXTURES, dir, name), 'utf8')
}

function typeIndex(p: Profile, type: string): number {
  const i = p.sampleTypes.findIndex((t) => t.type === type)
  if (i < 0) throw new Error(`no sample type ${type}`)
  return i
}

// The -unit of the command that wrote an oracle, from X.commands.txt.
function unitOf(dir: string, file: string, oracleName: string): string {
  const line = oracle(dir, `${file}.commands.txt`)
    .split('\n')
    .find((l) => l.endsWith(`> ${oracleName}`))
  const m = line ? /-unit=(\S+)/.exec(line) : null
  if (!m) throw new Error(`no -unit for ${oracleName}`)
  return m[1]
}

interface OracleRow {
  name: string
  flat: number
  cum: number
}

const ROW = /^ *(\S+) +\S+% +\S+% +(\S+) +\S+%  (.*)$/

/** Parses the rows of an oracle whose values are exact integers (count types or -unit=B/ns). */
function parseExactRows(text: string): {total: number; rows: OracleRow[]} {
  const lines = text.split('\n')
  const header = lines.findIndex((l) => l.startsWith('      flat  flat%'))
  const showing = /of (\S+) total$/.exec(lines[header - 1])
  if (!showing) throw new Error('no Showing line')
  const rows: OracleRow[] = []
  for (const line of lines.slice(header + 1)) {
    if (line === '') continue
    const m = ROW.exec(line)
    if (!m) throw new Error(`bad row: ${line}`)
    const name = m[3].replace(/ \((inline|partial-inline)\)$/, '')
    rows.push({name, flat: integer(m[1]), cum: integer(m[2])})
  }
  return {total: integer(showing[1]), rows}
}

function integer(text: string): number {
  const m = /^(-?\d+)(B|ns)?$/.exec(text)
  if (!m) throw new Error(`not an exact value: ${text}`)
  return Number(m[1])
}

// The first line where two texts differ, for a readable failure.
function firstDifference(actual: string, expected: string): string | null {
  if (actual === expected) return null
  const a = actual.split('\n')
  const e = expected.split('\n')
  for (let i = 0; i < Math.max(a.length, e.length); i++) {
    if (a[i] !== e[i]) return `line ${i + 1}:\n  ours:  ${a[i]}\n  pprof: ${e[i]}`
  }
  return 'same lines, different bytes'
}

const LEGACY_TEXT = /\.txt$/
const fixtures = findFixtures()

describe('golden -top against go tool pprof', () => {
  it('finds the fixtures', () => {
    expect(fixtures.length).toBeGreaterThan(20)
  })

  for (const {dir, file, types} of fixtures.filter((f) => !LEGACY_TEXT.test(f.file))) {
    describe(`${dir}/${file}`, () => {
      for (const type of types) {
        it(`-top -sample_index=${type}`, async () => {
          const p = await load(dir, file)
          const expected = oracle(dir, `${file}.top.${type}.txt`)
          const actual = formatTopText(p, typeIndex(p, type), {timeZone: 'UTC'})
          expect(firstDifference(actual, expected)).toBeNull()
        })

        it(`-top -cum -sample_index=${type}`, async () => {
          const p = await load(dir, file)
          const expected = oracle(dir, `${file}.topcum.${type}.txt`)
          const actual = formatTopText(p, typeIndex(p, type), {sort: 'cum', timeZone: 'UTC'})
          expect(firstDifference(actual, expected)).toBeNull()
        })

        const exactName = `${file}.top.${type}.exact.txt`
        if (!existsSync(join(FIXTURES, dir, exactName))) continue
        it(`-top -unit=… -sample_index=${type} (exact integers)`, async () => {
          const p = await load(dir, file)
          const index = typeIndex(p, type)
          const expected = oracle(dir, exactName)
          const unit = unitOf(dir, file, exactName)
          const actual = formatTopText(p, index, {unit, timeZone: 'UTC'})
          expect(firstDifference(actual, expected)).toBeNull()
          const exact = parseExactRows(expected)
          const top = computeTop(p, index)
          expect(top.total).toBe(exact.total)
          const rows = top.rows.map((r) => ({name: r.name, flat: r.flat, cum: r.cum}))
          expect(rows).toEqual(exact.rows)
        })
      }
    })
  }
})

/**
 * Go's printStackRecord (the `#` lines of the debug=1 heap text) hides the leading runtime.*
 * frames of a stack one frame at a time, inlined frames included, unless every frame is
 * runtime.*; Go's protobuf writer drops leading runtime.* *locations* only, so it keeps runtime
 * frames inlined into a user function's location (time.resetTimer → runtime.resettimer →
 * runtime.modtimer → runtime.doaddtimer in these fixtures). This applies the text writer's rule
 * to a decoded .pb.gz, giving the stacks the `#` lines describe.
 */
function hideLeadingRuntimeFrames(p: Profile): Profile {
  const name = (e: number) => p.strings[p.funcs.name[p.frames.func[p.stacks.frame[e]]]]
  const stack = p.samples.stack.map((leaf) => {
    let e = leaf
    while (e >= 0 && name(e).startsWith('runtime.')) e = p.stacks.prefix[e]
    return e >= 0 ? e : leaf
  })
  return {...p, id: -p.id, samples: {...p.samples, stack}}
}

/**
 * Legacy heap text profiles: their oracles were symbolized by pprof with the program binary
 * (no inline expansion, runtime.goexit roots), while we name frames from the `#` comment lines.
 * So: totals against their own oracles; flat/cum per name against the same snapshot's .pb.gz
 * (itself checked against its oracle above), with the text writer's runtime-frame rule applied.
 */
describe('legacy heap text against the .pb.gz of the same snapshot', () => {
  for (const {dir, file, types} of fixtures.filter((f) => LEGACY_TEXT.test(f.file))) {
    const twin = file.replace(LEGACY_TEXT, '.pb.gz')
    describe(`${dir}/${file}`, () => {
      for (const type of types) {
        it(`${type}: total and flat/cum per function`, async () => {
          const p = await load(dir, file)
          const top = computeTop(p, typeIndex(p, type))
          const exactName = existsSync(join(FIXTURES, dir, `${file}.top.${type}.exact.txt`))
            ? `${file}.top.${type}.exact.txt`
            : `${file}.top.${type}.txt`
          expect(top.total).toBe(parseExactRows(oracle(dir, exactName)).total)
          const twinProfile = hideLeadingRuntimeFrames(await load(dir, twin))
          const twinTop = computeTop(twinProfile, typeIndex(twinProfile, type))
          const byName = (rows: OracleRow[]) =>
            Object.fromEntries(rows.map((r) => [r.name, [r.flat, r.cum]]))
          expect(byName(top.rows)).toEqual(byName(twinTop.rows))
        })
      }
    })
  }
})

import {existsSync, readdirSync, readFileSync} from 'node:fs'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'
import {describe, expect, it} from 'vitest'
import {decodeProfileBytes} from '../decode/index'
import type {Profile} from '../model/profile'
import {type PprofCommand, parsePprofCommand, runPprofCommand} from './pprof-cli.test-support'

/**
 * Golden tests of the analysis views against go1.19's `go tool pprof`, byte for byte: every
 * X.peek.txt, X.tree.txt and X.top*.txt of X.commands.txt (-top through formatRefinedTopText,
 * not report.ts), and every oracle of fixtures/ANALYSIS-ORACLES.md
 * (refinements, granularities, trimmed trees, peek, list), with pprof's stderr warnings.
 */

const FIXTURES = fileURLToPath(new URL('../../fixtures', import.meta.url))

interface Oracle {
  dir: string
  line: string
  command: PprofCommand
}

function fixtureOracles(): Oracle[] {
  const oracles: Oracle[] = []
  const dirs = readdirSync(FIXTURES, {withFileTypes: true}).filter((d) => d.isDirectory())
  for (const dir of dirs.map((d) => d.name).sort()) {
    for (const name of readdirSync(join(FIXTURES, dir)).sort()) {
      if (!name.endsWith('.commands.txt')) continue
      for (const line of read(dir, name).split('\n')) {
        const command = parsePprofCommand(line)
        // -top too: the graph of pprof-graph.ts against computeTop's oracles. Not -base pairs.
        if (!command || command.report === 'list') continue
        if (command.flags.has('base') || command.flags.has('diff_base')) continue
        if (!existsSync(join(FIXTURES, dir, command.output))) continue
        oracles.push({dir, line, command})
      }
    }
  }
  return oracles
}

function analysisOracles(): Oracle[] {
  const oracles: Oracle[] = []
  for (const text of read('.', 'ANALYSIS-ORACLES.md').split('\n')) {
    const m = /^(\w+)\$ (go tool pprof .*)$/.exec(text)
    const command = m ? parsePprofCommand(m[2]) : null
    if (m && command) oracles.push({dir: m[1], line: m[2], command})
  }
  return oracles
}

function read(dir: string, name: string): string {
  return readFileSync(join(FIXTURES, dir, name), 'utf8')
}

const profiles = new Map<string, Profile>()

function load(dir: string, file: string): Profile {
  const key = `${dir}/${file}`
  let p = profiles.get(key)
  if (!p) {
    p = decodeProfileBytes(new Uint8Array(readFileSync(join(FIXTURES, dir, file))), file)
    profiles.set(key, p)
  }
  return p
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

// pprof -list without sources prints " Error: …" under each ROUTINE: we print nothing there.
function expectedText(o: Oracle): string {
  const text = read(o.dir, o.command.output)
  if (o.command.report !== 'list') return text
  return text
    .split('\n')
    .filter((l) => !l.startsWith(' Error: '))
    .join('\n')
}

// The oracle's stderr: its own file, or its section of X.stderr.txt ("### <command>" headers).
function expectedStderr(o: Oracle): string[] {
  const own = o.command.stderr
  if (own) return read(o.dir, own).split('\n').filter((l) => l !== '')
  const shared = `${o.command.profileFile}.stderr.txt`
  if (!existsSync(join(FIXTURES, o.dir, shared))) return []
  const lines: string[] = []
  let inSection = false
  for (const l of read(o.dir, shared).split('\n')) {
    if (l.startsWith('### go tool pprof ')) inSection = l === `### ${o.line}`
    else if (inSection && l !== '' && !l.startsWith('### ')) lines.push(l)
  }
  return lines
}

/**
 * Oracles the model cannot reproduce, with why. Legacy text profiles (X.txt): pprof read them
 * with the program binary, so its output has a `File:` line and frames symbolized from the
 * binary (runtime.goexit roots, 63 nodes in heap.txt's tree) where heapscope names frames from
 * the file's `#` lines (72 nodes, no goexit), hence other rows and another output unit (kB vs
 * B); their -top is compared with the .pb.gz twin in golden.test.ts instead.
 */
const EXCEPTIONS: {match: RegExp; why: string}[] = [
  {match: /^heap(-\d+)?\.txt$/, why: 'legacy text: oracle symbolized with the binary'},
  {
    match: /addresses-only\.pb\.gz\.ignore-libcpath/,
    why: 'regexp matches only the directory of a non-main mapping file, which the model lacks',
  },
]

function exception(o: Oracle): string | null {
  const hit = EXCEPTIONS.find(
    (x) => x.match.test(o.command.profileFile) || x.match.test(o.command.output),
  )
  return hit ? hit.why : null
}

function check(o: Oracle): void {
  const run = runPprofCommand(load(o.dir, o.command.profileFile), o.command)
  expect(firstDifference(run.text, expectedText(o))).toBeNull()
  expect(run.stderr).toEqual(expectedStderr(o))
}

for (const [title, oracles] of [
  ['X.peek.txt, X.tree.txt and X.top*.txt', fixtureOracles()],
  ['fixtures/ANALYSIS-ORACLES.md', analysisOracles()],
] as const) {
  describe(`golden ${title} against go tool pprof`, () => {
    it('finds the oracles', () => {
      expect(oracles.length).toBeGreaterThan(20)
    })
    for (const o of oracles) {
      const why = exception(o)
      const name = `${o.dir}/${o.command.output}`
      if (why) {
        it(`${name} differs: ${why}`, () => {
          const run = runPprofCommand(load(o.dir, o.command.profileFile), o.command)
          expect(run.text).not.toBe(expectedText(o))
        })
      } else {
        it(name, () => check(o))
      }
    }
  })
}

import {readFileSync} from 'node:fs'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'
import {decodeProfileBytes} from '../decode/index'
import type {Profile} from '../model/profile'
import {profileFromStacks} from '../test-utils/profile-from-stacks'

/** Test helpers for the series, leak, hint and insight tests: fixtures and their -top oracles. */

export const FIXTURES = fileURLToPath(new URL('../../fixtures', import.meta.url))

const cache = new Map<string, Profile>()

/** A fixture profile, decoded once per test file (e.g. 'leak/heap-003.pb.gz'). */
export function loadFixture(path: string): Profile {
  let p = cache.get(path)
  if (!p) {
    const bytes = new Uint8Array(readFileSync(join(FIXTURES, path)))
    p = decodeProfileBytes(bytes, path.slice(path.lastIndexOf('/') + 1))
    cache.set(path, p)
  }
  return p
}

/** The leak series' six snapshots, in a shuffled order. */
export function leakSnapshots(): Profile[] {
  return [3, 0, 5, 1, 4, 2].map((i) => loadFixture(`leak/heap-00${i}.pb.gz`))
}

export function typeIndex(p: Profile, type: string): number {
  const i = p.sampleTypes.findIndex((t) => t.type === type)
  if (i < 0) throw new Error(`no sample type ${type}`)
  return i
}

export interface OracleTop {
  total: number
  /** name → [flat, cum] */
  rows: Map<string, [number, number]>
}

const ROW = /^ *(\S+) +\S+% +\S+% +(\S+) +\S+%  (.*)$/

/**
 * Reads a `go tool pprof -top` oracle whose values are exact integers: a count type's
 * X.top.<type>.txt, or X.top.<type>.exact.txt (-unit=B).
 */
export function readExactTop(path: string): OracleTop {
  const lines = readFileSync(join(FIXTURES, path), 'utf8').split('\n')
  const header = lines.findIndex((l) => l.startsWith('      flat  flat%'))
  const showing = /of (\S+) total$/.exec(lines[header - 1])
  if (!showing) throw new Error(`no Showing line in ${path}`)
  const rows = new Map<string, [number, number]>()
  for (const line of lines.slice(header + 1)) {
    if (line === '') continue
    const m = ROW.exec(line)
    if (!m) throw new Error(`bad row in ${path}: ${line}`)
    rows.set(m[3].replace(/ \((inline|partial-inline)\)$/, ''), [exact(m[1]), exact(m[2])])
  }
  return {total: exact(showing[1]), rows}
}

function exact(text: string): number {
  const m = /^(-?\d+)B?$/.exec(text)
  if (!m) throw new Error(`not an exact value: ${text}`)
  return Number(m[1])
}

/** The oracle file of a fixture and sample type with exact integers. */
export function exactOracleName(profilePath: string, type: string): string {
  return type.endsWith('_space')
    ? `${profilePath}.top.${type}.exact.txt`
    : `${profilePath}.top.${type}.txt`
}

/**
 * A made-up series of heap snapshots big enough to be computed in many steps: about `samples`
 * samples per snapshot on stacks of 3 to 14 frames drawn from `functions` functions (some
 * recursing), with sizes that grow, shrink or stay, some zero values and some empty stacks.
 * Deterministic.
 */
export function syntheticHeapSeries(
  snapshots: number,
  samples: number,
  functions = 6000,
): Profile[] {
  let seed = 0x2545f491
  const random = () => {
    seed = (seed + 0x6d2b79f5) | 0
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  const pick = (n: number) => Math.floor(random() * n)
  const name = (f: number) => `github.com/acme/pkg${f % 97}.Func${f}`
  const randomStack = () => {
    const depth = 3 + pick(12)
    const frames = ['main.main']
    for (let d = 1; d < depth; d++) {
      frames.push(pick(8) === 0 ? frames[pick(d)] : name(pick(functions)))
    }
    return frames.join(';')
  }
  // Stacks shared by the snapshots, and how each one's values move along the series; a third of
  // each snapshot's samples are on stacks of its own.
  const stacks = Array.from({length: samples}, randomStack)
  const trend = stacks.map(() => pick(3) - 1)
  return Array.from({length: snapshots}, (_, i) => {
    const lines: string[] = []
    stacks.forEach((shared, s) => {
      if (pick(5) === 0) return // not in this snapshot
      const stack = s % 50 === 0 ? '-' : pick(3) === 0 ? randomStack() : shared
      const objects = Math.max(0, 1 + pick(4) + trend[s] * i)
      const size = 16 << pick(6)
      const allocated = objects + pick(10) * (i + 1)
      lines.push(`${stack} ${objects * size} ${objects} ${allocated * size} ${allocated}`)
    })
    return profileFromStacks(lines.join('\n'), {
      sampleTypes: ['inuse_space', 'inuse_objects', 'alloc_space', 'alloc_objects'].map((type) => ({
        type,
        unit: type.endsWith('space') ? 'bytes' : 'count',
      })),
      meta: {fileName: `synthetic-${i}.pb.gz`, timeMillis: 1_700_000_000_000 + i * 60_000},
    })
  })
}

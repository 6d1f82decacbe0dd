import {readFileSync} from 'node:fs'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'
import {decodeProfileBytes} from '../decode/index'
import type {Profile} from '../model/profile'

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

/**
 * Helpers for the decoder's tests (imported by *.test.ts only): fixture files, and pprof's
 * flat/cum per function name to compare a decoded profile with `go tool pprof -top` oracles.
 */
import {readFileSync} from 'node:fs'
import type {Profile} from '../model/profile'

/** The bytes of a file under fixtures/ (the repo copy, never ../shared). */
export function fixture(path: string): Uint8Array<ArrayBuffer> {
  return new Uint8Array(readFileSync(new URL(`../../fixtures/${path}`, import.meta.url)))
}

/** The text of a file under fixtures/. */
export function fixtureText(path: string): string {
  return readFileSync(new URL(`../../fixtures/${path}`, import.meta.url), 'utf8')
}

export interface FlatCum {
  flat: number
  cum: number
}

/**
 * pprof's flat and cum per function name for sample type `t` (graph.newGraph at `functions`
 * granularity): flat to the leaf frame, cum once per sample per function, zero samples skipped.
 * Only names with a nonzero flat or cum are kept, like pprof's report.
 */
export function flatCumByName(p: Profile, t: number): {rows: Map<string, FlatCum>; total: number} {
  const rows = new Map<string, FlatCum>()
  const values = p.samples.values[t]
  let total = 0
  const seen = new Set<string>()
  for (let s = 0; s < p.samples.length; s++) {
    const v = values[s]
    total += Math.abs(v)
    if (v === 0 || p.samples.stack[s] < 0) continue
    seen.clear()
    let leaf = true
    for (let k = p.samples.stack[s]; k >= 0; k = p.stacks.prefix[k]) {
      const name = p.strings[p.funcs.name[p.frames.func[p.stacks.frame[k]]]]
      let row = rows.get(name)
      if (!row) rows.set(name, (row = {flat: 0, cum: 0}))
      if (leaf) row.flat += v
      leaf = false
      if (!seen.has(name)) {
        seen.add(name)
        row.cum += v
      }
    }
  }
  for (const [name, row] of rows) if (row.flat === 0 && row.cum === 0) rows.delete(name)
  return {rows, total}
}

/**
 * Parses a `go tool pprof -top` oracle whose values are exact integers (count types, or a
 * `.exact.txt` file with -unit=B / -unit=ns): rows by name (without ` (inline)` marks) and total.
 */
export function parseTopOracle(text: string): {rows: Map<string, FlatCum>; total: number} {
  const rows = new Map<string, FlatCum>()
  let total = NaN
  for (const line of text.split('\n')) {
    const t = /^Showing nodes accounting for \S+, \S+ of (\S+) total/.exec(line)
    if (t) total = number(t[1])
    const m = /^\s*(-?[\d.]+\w*)\s+\S+%\s+\S+%\s+(-?[\d.]+\w*)\s+\S+%\s+(.*)$/.exec(line)
    if (!m) continue
    const name = m[3].replace(/ \((partial-)?inline\)$/, '')
    rows.set(name, {flat: number(m[1]), cum: number(m[2])})
  }
  return {rows, total}
}

function number(s: string): number {
  const v = Number(s.replace(/(B|ns)$/, ''))
  if (!Number.isFinite(v)) throw new Error(`not an exact value in a pprof oracle: ${s}`)
  return v
}

/** The oracle file with exact values for a sample type of a profile fixture. */
export function oracleFor(path: string, type: string, unit: string): string {
  return fixtureText(`${path}.top.${type}${unit === 'count' ? '' : '.exact'}.txt`)
}

/** A minimal protobuf writer for hand-made test profiles (BigInt for exact 64-bit values). */
export class Pb {
  bytes: number[] = []

  varint(v: bigint | number): this {
    let x = BigInt.asUintN(64, BigInt(v))
    while (x >= 0x80n) {
      this.bytes.push(Number(x & 0x7fn) | 0x80)
      x >>= 7n
    }
    this.bytes.push(Number(x))
    return this
  }

  tag(field: number, wireType: number): this {
    return this.varint((field << 3) | wireType)
  }

  /** An int64/uint64/bool field (wire type 0). */
  int(field: number, v: bigint | number): this {
    return this.tag(field, 0).varint(v)
  }

  /** Repeated int64 fields, packed (wire type 2) or one field each. */
  ints(field: number, vs: (bigint | number)[], packed = true): this {
    if (!packed) {
      for (const v of vs) this.int(field, v)
      return this
    }
    const inner = new Pb()
    for (const v of vs) inner.varint(v)
    return this.message(field, inner)
  }

  message(field: number, m: Pb): this {
    this.tag(field, 2).varint(m.bytes.length)
    this.bytes.push(...m.bytes)
    return this
  }

  string(field: number, s: string): this {
    const utf8 = new TextEncoder().encode(s)
    this.tag(field, 2).varint(utf8.length)
    this.bytes.push(...utf8)
    return this
  }

  toBytes(): Uint8Array {
    return new Uint8Array(this.bytes)
  }
}

export interface TestSample {
  locations: number[]
  values: (bigint | number)[]
  /** Numeric labels: [key string, value]. */
  labels?: [string, number][]
}

/**
 * A small valid profile as protobuf: sample types, samples, one location per function
 * (location id = function id = i+1, named by `functions[i]`), a mapping, strings last.
 */
export function makeProfile(opts: {
  types?: [string, string][]
  samples: TestSample[]
  functions: string[]
  packed?: boolean
  extra?: (p: Pb, str: (s: string) => number) => void
}): Uint8Array {
  const strings = ['']
  const str = (s: string) => {
    let i = strings.indexOf(s)
    if (i < 0) i = strings.push(s) - 1
    return i
  }
  const p = new Pb()
  for (const [type, unit] of opts.types ?? [['samples', 'count']]) {
    p.message(1, new Pb().int(1, str(type)).int(2, str(unit)))
  }
  for (const s of opts.samples) {
    const packed = opts.packed ?? true
    const m = new Pb().ints(1, s.locations, packed).ints(2, s.values, packed)
    for (const [key, num] of s.labels ?? []) m.message(3, new Pb().int(1, str(key)).int(3, num))
    p.message(2, m)
  }
  p.message(3, new Pb().int(1, 1).int(5, str('/bin/app')).int(6, str('build-1')))
  opts.functions.forEach((name, i) => {
    p.message(4, new Pb().int(1, i + 1).int(2, 1).message(4, new Pb().int(1, i + 1).int(2, 10 + i)))
    p.message(5, new Pb().int(1, i + 1).int(2, str(name)).int(3, str(name)).int(4, str('main.go')))
  })
  opts.extra?.(p, str)
  for (const s of strings) p.string(6, s)
  return p.toBytes()
}

/** Root-first function names of each sample's stack. */
export function stackNames(p: Profile): string[][] {
  const out: string[][] = []
  for (let s = 0; s < p.samples.length; s++) {
    const names: string[] = []
    for (let k = p.samples.stack[s]; k >= 0; k = p.stacks.prefix[k]) {
      names.push(p.strings[p.funcs.name[p.frames.func[p.stacks.frame[k]]]])
    }
    out.push(names.reverse())
  }
  return out
}

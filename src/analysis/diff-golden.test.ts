import {readdirSync, readFileSync} from 'node:fs'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'
import {describe, expect, it} from 'vitest'
import {decodeProfileBytes} from '../decode/index'
import type {Profile} from '../model/profile'
import {mergeForDiff, reportTotal, type DiffMode} from './diff'
import {formatPercent, formatValue, selectOutputUnit} from './format'
import {formatTopText, profileLabels} from './report'
import {computeTop, sortTopRows} from './top'

/**
 * mergeForDiff against `go tool pprof -top -base/-diff_base [-normalize]` (go1.19), byte for
 * byte, for every oracle in fixtures/leak (commands in heap-NNN.pb.gz.commands.txt and
 * NORMALIZE.md); and against the real `-proto -base` output diff-005-minus-000.pb.gz.
 */

const LEAK = fileURLToPath(new URL('../../fixtures/leak', import.meta.url))
// heap-NNN.pb.gz.<kind>-MMM.top.<type>[.exact].txt, kind: [normalize-]base or [normalize-]diffbase
const ORACLE = /^(heap-\d+\.pb\.gz)\.((?:normalize-)?(?:diff)?base)-(\d+)\.top\.(\w+?)(\.exact)?\.txt$/

const cache = new Map<string, Profile>()

function load(file: string): Profile {
  let p = cache.get(file)
  if (!p) {
    p = decodeProfileBytes(new Uint8Array(readFileSync(join(LEAK, file))), file)
    cache.set(file, p)
  }
  return p
}

function typeIndex(p: Profile, type: string): number {
  const i = p.sampleTypes.findIndex((t) => t.type === type)
  if (i < 0) throw new Error(`no sample type ${type}`)
  return i
}

/**
 * report.ts's formatTopText with the total from reportTotal, i.e. honouring -diff_base's base
 * total (top.ts's total does not know the isBase column yet). Checked equal to formatTopText on
 * profiles without that column.
 */
function diffTopText(
  p: Profile,
  sampleType: number,
  unit = 'minimum',
  sort: 'flat' | 'cum' = 'flat',
): string {
  const flatRows = computeTop(p, sampleType).rows
  const rows = sort === 'cum' ? sortTopRows(flatRows, 'cum') : flatRows
  const total = reportTotal(p, sampleType)
  const sampleUnit = p.sampleTypes[sampleType].unit
  const outputUnit = unit === 'minimum' ? selectOutputUnit(rows, total, sampleUnit) : unit
  const fmt = (v: number): string => formatValue(v, sampleUnit, outputUnit)
  const lines = profileLabels(p, sampleType, {total, outputUnit, timeZone: 'UTC'})
  let flatSum = 0
  for (const r of rows) flatSum += r.flat
  const shown = formatPercent(flatSum, total).trim()
  lines.push(`Showing nodes accounting for ${fmt(flatSum)}, ${shown} of ${fmt(total)} total`)
  lines.push('      flat  flat%   sum%        cum   cum%')
  let running = 0
  for (const r of rows) {
    running += r.flat
    const inline = r.annotation === '' ? '' : ` (${r.annotation})`
    const flat = `${fmt(r.flat).padStart(10)} ${formatPercent(r.flat, total)}`
    const cum = `${fmt(r.cum).padStart(10)} ${formatPercent(r.cum, total)}`
    lines.push(`${flat} ${formatPercent(running, total)} ${cum}  ${r.name}${inline}`)
  }
  return lines.join('\n') + '\n'
}

function firstDifference(actual: string, expected: string): string | null {
  if (actual === expected) return null
  const a = actual.split('\n')
  const e = expected.split('\n')
  for (let i = 0; i < Math.max(a.length, e.length); i++) {
    if (a[i] !== e[i]) return `line ${i + 1}:\n  ours:  ${a[i]}\n  pprof: ${e[i]}`
  }
  return 'same lines, different bytes'
}

const oracles = readdirSync(LEAK)
  .sort()
  .flatMap((name) => {
    const m = ORACLE.exec(name)
    if (!m) return []
    const [, file, kind, baseNumber, type, exact] = m
    const mode: DiffMode = kind.endsWith('diffbase') ? 'diff_base' : 'base'
    const normalize = kind.startsWith('normalize')
    return [{name, file, base: `heap-${baseNumber}.pb.gz`, mode, normalize, type, exact: !!exact}]
  })

/**
 * Known differences, from what the model does not keep. pprof keys samples by location, i.e. by
 * address, and heap-005 has samples with equal frames at different addresses (e.g.
 * runtime/pprof.writeHeapInternal at pprof.go:633 is both 0x4b18b5 and 0x4b188a), which pprof
 * keeps apart and we add up. Top rows and totals do not change, but -normalize rounds each
 * sample: alloc_objects is scaled by 0.119, so samples of 15 and 5 objects give 2 + 1 apart and
 * 2 added up; "Showing nodes accounting for" is -13 here and -14 in pprof. A location address
 * in the model would fix it (see diff.ts); `it.fails` turns red then, to be switched back.
 */
const KNOWN_DIFFERENCES = new Set([
  'heap-005.pb.gz.normalize-base-000.top.alloc_objects.txt',
  'heap-005.pb.gz.normalize-diffbase-000.top.alloc_objects.txt',
])

describe('mergeForDiff against go tool pprof -top -base / -diff_base / -normalize', () => {
  it('finds the oracles', () => {
    expect(oracles.length).toBeGreaterThanOrEqual(40)
  })

  for (const o of oracles) {
    const test = KNOWN_DIFFERENCES.has(o.name) ? it.fails : it
    test(o.name, () => {
      const options = {mode: o.mode, normalize: o.normalize}
      const merged = mergeForDiff(load(o.file), load(o.base), options)
      const index = typeIndex(merged, o.type)
      const expected = readFileSync(join(LEAK, o.name), 'utf8')
      const actual = diffTopText(merged, index, o.exact ? 'B' : 'minimum')
      expect(firstDifference(actual, expected)).toBeNull()
      if (o.mode === 'base') {
        const unit = o.exact ? 'B' : undefined
        expect(formatTopText(merged, index, {unit, timeZone: 'UTC'})).toBe(actual)
      }
    })
  }
})

describe('mergeForDiff(heap-005, heap-000, base) against pprof -proto -base', () => {
  const types = ['alloc_objects', 'alloc_space', 'inuse_objects', 'inuse_space']
  for (const type of types) {
    it(type, () => {
      const ours = mergeForDiff(load('heap-005.pb.gz'), load('heap-000.pb.gz'), {
        mode: 'base',
        normalize: false,
      })
      const theirs = load('diff-005-minus-000.pb.gz')
      const a = computeTop(ours, typeIndex(ours, type))
      const b = computeTop(theirs, typeIndex(theirs, type))
      expect(a.total).toBe(b.total)
      expect(a.rows).toEqual(b.rows)
      // pprof keeps apart samples whose frames are equal but addresses differ (see above).
      const keys = new Set<string>()
      for (let s = 0; s < theirs.samples.length; s++) {
        keys.add(`${theirs.samples.stack[s]} ${theirs.samples.bytes?.[s]}`)
      }
      expect(ours.samples.length).toBe(keys.size)
      for (const sort of ['flat', 'cum'] as const) {
        const report = sort === 'cum' ? 'topcum' : 'top'
        const oracleName = `diff-005-minus-000.pb.gz.${report}.${type}.txt`
        const expected = readFileSync(join(LEAK, oracleName), 'utf8')
        const actual = diffTopText(ours, typeIndex(ours, type), 'minimum', sort)
        expect(firstDifference(actual, expected)).toBeNull()
      }
    })
  }
})

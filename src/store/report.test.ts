import {readFileSync} from 'node:fs'
import {fileURLToPath} from 'node:url'
import {describe, expect, it} from 'vitest'
import {formatPercent, formatValue, selectOutputUnit} from '../analysis/format'
import {formatRefinedTopText} from '../analysis/refined-report'
import {profileLabels} from '../analysis/report'
import {decodeProfileBytes} from '../decode/index'
import {funcName, type Profile} from '../model/profile'
import {profileFromStacks} from '../test-utils/profile-from-stacks'
import {getTop, getTotal} from './derived'
import {functionNameAt, functionNameOf, getReport, wholeProfileOf} from './report'
import {NO_REFINE} from './store'

const FIXTURES = fileURLToPath(new URL('../../fixtures/', import.meta.url))

function heap(): Profile {
  return decodeProfileBytes(new Uint8Array(readFileSync(FIXTURES + 'heap/heap.pb.gz')), 'heap.pb.gz')
}

/** The Top table's text, line by line, as TopTable renders it (labels, then rows). */
function topTableText(profile: Profile, sampleType: number, filters: string[]): string {
  const report = getTop(profile, sampleType)
  const unit = profile.sampleTypes[sampleType].unit
  const outputUnit = selectOutputUnit(report.rows, report.total, unit)
  const fmt = (v: number) => formatValue(v, unit, outputUnit)
  const lines = profileLabels(profile, sampleType, {total: report.total, timeZone: 'UTC'})
  if (filters.length > 0) lines.push('Active filters:', ...filters.map((f) => '   ' + f))
  let flat = 0
  for (const r of report.rows) flat += r.flat
  const shown = formatPercent(flat, report.total).trim()
  lines.push(`Showing nodes accounting for ${fmt(flat)}, ${shown} of ${fmt(report.total)} total`)
  lines.push('      flat  flat%   sum%        cum   cum%')
  let sum = 0
  for (const r of report.rows) {
    sum += r.flat
    const name = r.annotation ? `${r.name} (${r.annotation})` : r.name
    lines.push(
      `${fmt(r.flat).padStart(10)} ${formatPercent(r.flat, report.total)} ` +
        `${formatPercent(sum, report.total)} ${fmt(r.cum).padStart(10)} ` +
        `${formatPercent(r.cum, report.total)}  ${name}`,
    )
  }
  return lines.join('\n') + '\n'
}

describe('getReport', () => {
  const p = profileFromStacks(`
    main;a[file:a.go][line:3];b[file:b.go][line:7] 10
    main;a[file:a.go][line:4] 5
    main;c 1
  `)

  it('is memoized per options and keeps the whole profile for percentages', () => {
    const refine = {...NO_REFINE, focus: '^a$'}
    const r = getReport(p, refine, 'functions')
    expect(getReport(p, {...refine}, 'functions').profile).toBe(r.profile)
    expect(r.filters).toEqual(['focus=^a$'])
    expect(getTotal(r.profile, 0)).toBe(16)
    expect(getTop(r.profile, 0).total).toBe(16)
    expect(wholeProfileOf(r.profile)).toBe(p)
    const lines = getReport(p, refine, 'lines')
    expect(wholeProfileOf(lines.profile)).toBe(p)
    expect(lines.refined).toBe(r.refined)
  })

  it('leaves the profile alone without options', () => {
    const r = getReport(p, NO_REFINE, 'functions')
    expect(r.profile).toBe(p)
    expect(r.filters).toEqual([])
  })

  it('reports a bad regexp instead of throwing, and then refines nothing', () => {
    const r = getReport(p, {...NO_REFINE, ignore: 'a('}, 'functions')
    expect(r.error).toMatch(/^parsing ignore regexp: /)
    expect(r.profile).toBe(p)
    expect(r.filters).toEqual([])
  })

  it('passes on pprof’s warnings', () => {
    expect(getReport(p, {...NO_REFINE, focus: 'zzz'}, 'functions').warnings).toEqual([
      'Focus expression matched no samples',
    ])
  })

  it('names the function of a node at any granularity', () => {
    const r = getReport(p, NO_REFINE, 'lines')
    const names = Array.from({length: r.profile.funcs.length}, (_, f) => funcName(r.profile, f))
    const f = names.indexOf('a a.go:3')
    expect(f).toBeGreaterThanOrEqual(0)
    expect(functionNameAt(r.profile, f)).toBe('a')
    expect(functionNameOf(r.profile, 'b b.go:7')).toBe('b')
    const files = getReport(p, NO_REFINE, 'files')
    expect(functionNameOf(files.profile, 'a.go')).toBe('a.go')
  })
})

describe('the Top table of a refined profile equals pprof', () => {
  const profile = heap()
  const inuse = profile.sampleTypes.findIndex((t) => t.type === 'inuse_space')
  const oracle = (name: string) => readFileSync(FIXTURES + 'heap/' + name, 'utf8')

  it('-focus=main\\.buildTree', () => {
    const r = getReport(profile, {...NO_REFINE, focus: 'main\\.buildTree'}, 'functions')
    const expected = oracle('heap.pb.gz.focus-buildTree.top.inuse_space.txt')
    expect(topTableText(r.profile, inuse, r.filters)).toBe(expected)
    const text = formatRefinedTopText(r.profile, inuse, {
      total: getTotal(r.profile, inuse),
      filters: r.filters,
      timeZone: 'UTC',
    })
    expect(text).toBe(expected)
  })

  it('-lines', () => {
    const r = getReport(profile, NO_REFINE, 'lines')
    expect(topTableText(r.profile, inuse, r.filters)).toBe(
      oracle('heap.pb.gz.top.lines.inuse_space.txt'),
    )
  })

  it('-lines -hide=^runtime\\. -focus=main\\.', () => {
    const r = getReport(profile, {...NO_REFINE, hide: '^runtime\\.', focus: 'main\\.'}, 'lines')
    expect(topTableText(r.profile, inuse, r.filters)).toBe(
      oracle('heap.pb.gz.hide-runtime-focus-main.top.lines.inuse_space.txt'),
    )
  })

  it('-files and -filefunctions', () => {
    for (const g of ['files', 'filefunctions'] as const) {
      const r = getReport(profile, NO_REFINE, g)
      expect(topTableText(r.profile, inuse, r.filters)).toBe(
        oracle(`heap.pb.gz.top.${g}.inuse_space.txt`),
      )
    }
  })
})

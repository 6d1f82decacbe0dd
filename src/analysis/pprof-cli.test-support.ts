import type {Profile} from '../model/profile'
import type {Granularity} from './granularity'
import {formatListText} from './lines'
import {formatPeekText} from './peek'
import {formatRefinedTopText, prepareReport} from './refined-report'
import type {RefineOptions} from './refine'
import {formatTreeText} from './tree-report'

/**
 * For golden tests: parses a `go tool pprof …` command line of the fixtures' oracles and runs
 * the same report with heapscope (as go1.19's CLI: -top, -tree, -peek, -list; refinements;
 * -lines/-files/-filefunctions; trimming flags with the CLI's per-command defaults).
 */

export interface PprofCommand {
  report: 'top' | 'tree' | 'peek' | 'list'
  /** The regexp of -peek / -list. */
  argument: string
  flags: Map<string, string>
  profileFile: string
  output: string
  stderr: string | null
}

/** Splits a shell command line: single quotes, double quotes, backslash escapes. */
export function shellWords(line: string): string[] {
  const words: string[] = []
  let word: string | null = null
  for (let i = 0; i < line.length; i++) {
    const c = line[i]
    if (c === ' ') {
      if (word !== null) words.push(word)
      word = null
    } else if (c === "'") {
      const end = line.indexOf("'", i + 1)
      word = (word ?? '') + line.slice(i + 1, end)
      i = end
    } else if (c === '"') {
      let s = ''
      for (i++; line[i] !== '"'; i++) s += line[i] === '\\' ? line[++i] : line[i]
      word = (word ?? '') + s
    } else if (c === '\\') {
      word = (word ?? '') + line[++i]
    } else {
      word = (word ?? '') + c
    }
  }
  if (word !== null) words.push(word)
  return words
}

/** Parses `go tool pprof <flags> <profile> > <output> [2> <stderr>]`; null for other lines. */
export function parsePprofCommand(line: string): PprofCommand | null {
  const words = shellWords(line)
  if (words[0] !== 'go' || words[1] !== 'tool' || words[2] !== 'pprof') return null
  const gt = words.indexOf('>')
  const err = words.indexOf('2>')
  const args = words.slice(3, gt)
  const profileFile = args.pop() ?? ''
  const flags = new Map<string, string>()
  let report: PprofCommand['report'] | null = null
  let argument = ''
  for (let i = 0; i < args.length; i++) {
    const a = args[i].replace(/^-/, '')
    const eq = a.indexOf('=')
    const name = eq < 0 ? a : a.slice(0, eq)
    if (name === 'top' || name === 'tree') report = name
    else if (name === 'peek' || name === 'list') {
      report = name
      argument = args[++i]
    } else flags.set(name, eq < 0 ? 'true' : a.slice(eq + 1))
  }
  if (!report) return null
  return {
    report,
    argument,
    flags,
    profileFile,
    output: words[gt + 1],
    stderr: err >= 0 ? words[err + 1] : null,
  }
}

export interface PprofRun {
  /** stdout ('' when pprof would fail). */
  text: string
  /** stderr lines: refinement warnings, then the error if any. */
  stderr: string[]
}

/** Runs `command` on `profile` like go1.19's `go tool pprof`, with TZ=UTC. */
export function runPprofCommand(profile: Profile, command: PprofCommand): PprofRun {
  const {flags, report} = command
  const index = flags.get('sample_index')
  const sampleType =
    index === undefined
      ? profile.defaultSampleType
      : profile.sampleTypes.findIndex((t) => t.type === index)
  if (sampleType < 0) throw new Error(`no sample type ${index}`)
  const refine: RefineOptions = {
    focus: flags.get('focus'),
    ignore: flags.get('ignore'),
    hide: flags.get('hide'),
    show: flags.get('show'),
    showFrom: flags.get('show_from'),
  }
  const granularities: Granularity[] = ['lines', 'files', 'filefunctions', 'functions']
  const granularity =
    report === 'list' ? 'functions' : granularities.find((g) => flags.has(g)) ?? 'functions'
  const prepared = prepareReport(profile, sampleType, refine, granularity)
  const trim = report === 'top' || report === 'tree'
  const number = (name: string, fallback: number): number =>
    trim && flags.has(name) ? Number(flags.get(name)) : trim ? fallback : 0
  const common = {
    total: prepared.total,
    filters: prepared.filters,
    unit: flags.get('unit'),
    timeZone: 'UTC',
    sort: flags.has('cum') ? ('cum' as const) : ('flat' as const),
    nodeCount: number('nodecount', report === 'top' ? 0 : 80),
    nodeFraction: number('nodefraction', 0.005),
    edgeFraction: number('edgefraction', 0.001),
  }
  const stderr = [...prepared.warnings]
  let text = ''
  try {
    if (report === 'top') text = formatRefinedTopText(prepared.profile, sampleType, common)
    else if (report === 'tree') text = formatTreeText(prepared.profile, sampleType, common)
    else if (report === 'peek') {
      text = formatPeekText(prepared.profile, sampleType, command.argument, common)
    } else {
      text = formatListText(prepared.profile, sampleType, command.argument, common)
    }
  } catch (e) {
    stderr.push((e as Error).message)
  }
  return {text, stderr}
}

import {isHeapProfile, type Profile, type ValueType} from '../model/profile'
import {isBaseColumn, mergeForDiffSteps} from './diff'
import {formatValue} from './format'
import {runSteps, sortedSteps, type Steps} from './steps'
import {compareNames} from './top'

/**
 * "What changed" between two snapshots, per function (pprof's -top rows, i.e. by name): what
 * grew and shrank most, what appeared (absent in the base) and what disappeared (absent in the
 * current profile), with absolute values for both, and a Markdown rendering for a PR.
 * The two sides come from a -diff_base merge, so units are unified and -normalize applies.
 */

/** One value in both profiles; delta = current − base. */
export interface Change {
  base: number
  current: number
  delta: number
}

/** flat and cum of one sample type. */
export interface FlatCum {
  flat: Change
  cum: Change
}

export interface FunctionChange {
  /** The function name (pprof's `functions` granularity). */
  name: string
  /** flat and cum of the selected sample type. */
  selected: FlatCum
  /** Heap profiles: the bytes type of the selected kind (inuse_space or alloc_space); else null. */
  space: FlatCum | null
  /** Heap profiles: inuse_objects or alloc_objects, like `space`; else null. */
  objects: FlatCum | null
}

export interface ChangeSummary {
  sampleType: ValueType
  spaceType: ValueType | null
  objectsType: ValueType | null
  /** Which value ranked the lists. */
  by: 'flat' | 'cum'
  /** Σ of the selected type's values in each profile (signed: the in-use heap for inuse_space). */
  total: Change
  /** In both profiles, delta > 0, largest delta first (then name). */
  grew: FunctionChange[]
  /** In both profiles, delta < 0, most negative first (then name). */
  shrank: FunctionChange[]
  /** Only in the current profile, largest |current| first (then |current cum|, name). */
  appeared: FunctionChange[]
  /** Only in the base profile, largest |base| first (then |base cum|, name). */
  disappeared: FunctionChange[]
}

export interface WhatChangedOptions {
  /** pprof's -normalize (scale the current profile to the base's sums). Default false. */
  normalize?: boolean
  /** Rank by the change in flat (default) or cum. */
  by?: 'flat' | 'cum'
  /** At most this many functions per list; default 10, Infinity for all. */
  limit?: number
}

/** One side's -top values per function (by name id): flat and cum; 0 and 0 when it has no row. */
export interface SideValues {
  flat: Float64Array
  cum: Float64Array
}

/**
 * Both sides of a -diff_base merge, per function, for some sample types: what whatChanged ranks.
 * The same for every ranking (flat or cum) and limit, so it can be kept while they change.
 */
export interface ChangeTable {
  /** The merge (mergeForDiff with mode 'diff_base') the table was made from. */
  merged: Profile
  /** The function names (pprof's -top rows are per name). */
  names: string[]
  /** Per sample type (an index into merged.sampleTypes) the table has: each side's values. */
  values: Map<number, {base: SideValues; current: SideValues}>
  /** Per sample type: Σ of each side's values (signed, as they are). */
  totals: Map<number, Change>
}

// Merged samples (or names) handled between two yields: a few milliseconds of work.
const SAMPLES_PER_STEP = 4096
const NAMES_PER_STEP = 1 << 14

/**
 * The per-function values of both sides of a -diff_base merge, for the sample types `types`, in
 * steps (progress in samples). Each side's flat and cum are computeTop's (pprof -top) on that side
 * alone, base values negated back; they are computed here from the samples directly (flat to the
 * leaf's function, cum once to each function on the stack), as building a call tree per side
 * takes seconds on big profiles and cannot be split. The values are integers, so the sums do not
 * depend on the order they are made in.
 */
export function* changeTableSteps(merged: Profile, types: readonly number[]): Steps<ChangeTable> {
  const {funcs, frames, stacks, strings, samples} = merged
  const isBase = isBaseColumn(merged) ?? new Uint8Array(samples.length)
  const ids = new Map<string, number>()
  const names: string[] = []
  const funcName = new Int32Array(funcs.length)
  for (let f = 0; f < funcs.length; f++) {
    const name = strings[funcs.name[f]]
    let id = ids.get(name)
    if (id === undefined) {
      id = names.length
      ids.set(name, id)
      names.push(name)
    }
    funcName[f] = id
  }
  const nameAt = (e: number) => funcName[frames.func[stacks.frame[e]]]
  const columns = types.map((t) => samples.values[t])
  const nt = types.length
  // Per side (0 current, 1 base) and type: flat and cum per name, and Σ values.
  const side = (): SideValues[] =>
    types.map(() => ({flat: new Float64Array(names.length), cum: new Float64Array(names.length)}))
  const values = [side(), side()]
  const sums = [0, 1].map(() => types.map(() => 0))
  const w = new Float64Array(nt)
  const seen = new Int32Array(names.length).fill(-1)
  const addSamples = (from: number, to: number) => {
    for (let s = from; s < to; s++) {
      const b = isBase[s] === 1 ? 1 : 0
      const sign = b === 1 ? -1 : 1
      let zero = true
      for (let t = 0; t < nt; t++) {
        w[t] = sign * columns[t][s]
        sums[b][t] += w[t]
        if (w[t] !== 0) zero = false
      }
      const st = samples.stack[s]
      if (st < 0 || zero) continue
      const leaf = nameAt(st)
      for (let t = 0; t < nt; t++) if (w[t] !== 0) values[b][t].flat[leaf] += w[t]
      for (let e = st; e >= 0; e = stacks.prefix[e]) {
        const name = nameAt(e)
        if (seen[name] === s) continue
        seen[name] = s
        for (let t = 0; t < nt; t++) if (w[t] !== 0) values[b][t].cum[name] += w[t]
      }
    }
  }
  for (let s = 0; s < samples.length; s += SAMPLES_PER_STEP) {
    const end = Math.min(samples.length, s + SAMPLES_PER_STEP)
    addSamples(s, end)
    yield {stage: 'samples', done: end, total: samples.length}
  }
  const table: ChangeTable = {merged, names, values: new Map(), totals: new Map()}
  types.forEach((type, t) => {
    table.values.set(type, {base: values[1][t], current: values[0][t]})
    table.totals.set(type, change(sums[1][t], sums[0][t]))
  })
  return table
}

function change(base: number, current: number): Change {
  return {base, current, delta: current - base}
}

/**
 * The sample types a summary of `sampleType` reads: it, and for heap profiles the space and
 * objects types of its kind (inuse_* or alloc_*; -1 when absent or not a heap profile).
 */
export function changeTypes(
  merged: Profile,
  sampleType: number,
): {selected: number; space: number; objects: number} {
  const types = merged.sampleTypes
  let space = -1
  let objects = -1
  if (isHeapProfile(merged)) {
    const kind = types[sampleType].type.startsWith('alloc_') ? 'alloc_' : 'inuse_'
    space = types.findIndex((t) => t.type === kind + 'space')
    objects = types.findIndex((t) => t.type === kind + 'objects')
  }
  return {selected: sampleType, space, objects}
}

/**
 * Compares `current` with `base` for one sample type (an index into current.sampleTypes; the
 * profiles must be comparable, see checkComparable: throws otherwise). A function is "in" a
 * profile when it has a -top row there (flat or cum ≠ 0 for that type).
 */
export function whatChanged(
  current: Profile,
  base: Profile,
  sampleType: number,
  options: WhatChangedOptions = {},
): ChangeSummary {
  return runSteps(whatChangedSteps(current, base, sampleType, options))
}

/**
 * whatChanged in steps of a few milliseconds (see steps.ts), with the same summary: for big
 * profiles, which take seconds. `merged`, when given, is mergeForDiff(current, base, {mode:
 * 'diff_base', normalize}) already made (the diff flame graph's), which saves most of the work.
 */
export function* whatChangedSteps(
  current: Profile,
  base: Profile,
  sampleType: number,
  options: WhatChangedOptions = {},
  merged?: Profile,
): Steps<ChangeSummary> {
  const normalize = options.normalize ?? false
  merged ??= yield* mergeForDiffSteps(current, base, {mode: 'diff_base', normalize})
  const {selected, space, objects} = changeTypes(merged, sampleType)
  const types = [...new Set([selected, space, objects])].filter((t) => t >= 0)
  const table = yield* changeTableSteps(merged, types)
  return yield* summarizeChangesSteps(table, sampleType, options)
}

/**
 * whatChanged's lists from a table of both sides (changeTableSteps), which must have the types
 * of changeTypes(table.merged, sampleType), in steps (progress in functions): a selection of the
 * functions that changed most, among up to 100,000s of them.
 */
export function* summarizeChangesSteps(
  table: ChangeTable,
  sampleType: number,
  options: Pick<WhatChangedOptions, 'by' | 'limit'> = {},
): Steps<ChangeSummary> {
  const by = options.by ?? 'flat'
  const limit = options.limit ?? 10
  const types = table.merged.sampleTypes
  const {space, objects} = changeTypes(table.merged, sampleType)
  const valuesOf = (t: number) => {
    const v = table.values.get(t)
    if (!v) throw new Error(`no values of ${types[t]?.type} in the table`)
    return v
  }
  const sel = valuesOf(sampleType)
  const spaceValues = space >= 0 ? valuesOf(space) : null
  const objectValues = objects >= 0 ? valuesOf(objects) : null
  const names = table.names
  const other = by === 'flat' ? 'cum' : 'flat'

  // A function is in a profile when it has a -top row there: flat or cum ≠ 0.
  const has = (side: SideValues, id: number) => side.flat[id] !== 0 || side.cum[id] !== 0
  const grew: number[] = []
  const shrank: number[] = []
  const appeared: number[] = []
  const disappeared: number[] = []
  const [base, current] = [sel.base, sel.current]
  const delta = (id: number) => current[by][id] - base[by][id]
  const sort = (id: number) => {
    const inBase = has(base, id)
    const inCurrent = has(current, id)
    if (inBase && inCurrent) {
      const d = delta(id)
      if (d > 0) grew.push(id)
      else if (d < 0) shrank.push(id)
    } else if (inCurrent) {
      appeared.push(id)
    } else if (inBase) {
      disappeared.push(id)
    }
  }
  const stage = 'functions'
  for (let id = 0; id < names.length; id += NAMES_PER_STEP) {
    const end = Math.min(names.length, id + NAMES_PER_STEP)
    for (let i = id; i < end; i++) sort(i)
    yield {stage, done: end, total: names.length}
  }
  const abs = Math.abs
  const top = (list: number[], compare: (a: number, b: number) => number) =>
    sortedSteps(list, (a, b) => compare(a, b) || compareNames(names[a], names[b]), limit, stage)
  const lists = {
    grew: yield* top(grew, (a, b) => delta(b) - delta(a)),
    shrank: yield* top(shrank, (a, b) => delta(a) - delta(b)),
    appeared: yield* top(
      appeared,
      (a, b) =>
        abs(current[by][b]) - abs(current[by][a]) ||
        abs(current[other][b]) - abs(current[other][a]),
    ),
    disappeared: yield* top(
      disappeared,
      (a, b) => abs(base[by][b]) - abs(base[by][a]) || abs(base[other][b]) - abs(base[other][a]),
    ),
  }
  const flatCum = (v: {base: SideValues; current: SideValues}, id: number): FlatCum => ({
    flat: change(v.base.flat[id], v.current.flat[id]),
    cum: change(v.base.cum[id], v.current.cum[id]),
  })
  const changeOf = (id: number): FunctionChange => ({
    name: names[id],
    selected: flatCum(sel, id),
    space: spaceValues && flatCum(spaceValues, id),
    objects: objectValues && flatCum(objectValues, id),
  })
  return {
    sampleType: types[sampleType],
    spaceType: space >= 0 ? types[space] : null,
    objectsType: objects >= 0 ? types[objects] : null,
    by,
    total: table.totals.get(sampleType) as Change,
    grew: lists.grew.map(changeOf),
    shrank: lists.shrank.map(changeOf),
    appeared: lists.appeared.map(changeOf),
    disappeared: lists.disappeared.map(changeOf),
  }
}

export interface MarkdownOptions {
  /** Names shown for the two profiles, e.g. their file names. */
  baseName?: string
  currentName?: string
}

function signed(text: string, v: number): string {
  return v > 0 ? '+' + text : text
}

function escapeName(name: string): string {
  // In a GFM table a pipe must be escaped even inside a code span.
  const cell = name.replace(/\|/g, '\\|')
  return name.includes('`') ? '`` ' + cell + ' ``' : '`' + cell + '`'
}

/**
 * The summary as Markdown for a PR or an issue: a headline with the totals, then one table per
 * list (empty lists say so). Values are pprof's labels (formatValue, autoscaled: `10.35MB`,
 * `1203`); deltas are signed. For heap profiles each cell gives space then objects.
 */
export function toMarkdown(summary: ChangeSummary, options: MarkdownOptions = {}): string {
  const {sampleType, spaceType, objectsType} = summary
  const fmt = (v: number, t: ValueType) => formatValue(v, t.unit, 'auto')
  const delta = (v: number, t: ValueType) => signed(fmt(v, t), v)
  const heap = spaceType !== null && objectsType !== null
  const deltaCell = (c: FunctionChange, key: 'flat' | 'cum'): string =>
    heap && c.space && c.objects
      ? `${delta(c.space[key].delta, spaceType)} ` +
        `(${delta(c.objects[key].delta, objectsType)} objects)`
      : delta(c.selected[key].delta, sampleType)
  const valueCell = (c: FunctionChange, key: 'flat' | 'cum'): string => {
    if (heap && c.space && c.objects) {
      const s = c.space[key]
      const o = c.objects[key]
      return (
        `${fmt(s.base, spaceType)} → ${fmt(s.current, spaceType)} ` +
        `(${fmt(o.base, objectsType)} → ${fmt(o.current, objectsType)} objects)`
      )
    }
    const v = c.selected[key]
    return `${fmt(v.base, sampleType)} → ${fmt(v.current, sampleType)}`
  }

  const base = options.baseName ?? 'base'
  const current = options.currentName ?? 'current'
  const t = summary.total
  const percent = t.base !== 0 ? (100 * t.delta) / Math.abs(t.base) : 0
  const pct = t.base !== 0 ? `, ${signed(percent.toFixed(1), t.delta)}%` : ''
  const lines = [
    `**${sampleType.type}**: \`${base}\` → \`${current}\`: ${fmt(t.base, sampleType)} → ` +
      `${fmt(t.current, sampleType)} (${delta(t.delta, sampleType)}${pct})`,
  ]
  const sections: [string, FunctionChange[]][] = [
    [`Grew most (by ${summary.by})`, summary.grew],
    [`Shrank most (by ${summary.by})`, summary.shrank],
    ['Appeared', summary.appeared],
    ['Disappeared', summary.disappeared],
  ]
  for (const [title, list] of sections) {
    lines.push('', `**${title}**`, '')
    if (list.length === 0) {
      lines.push('_none_')
      continue
    }
    lines.push(
      '| Function | Δ flat | flat (base → current) | Δ cum | cum (base → current) |',
      '| --- | ---: | ---: | ---: | ---: |',
    )
    for (const c of list) {
      const cells = [escapeName(c.name), deltaCell(c, 'flat'), valueCell(c, 'flat')]
      cells.push(deltaCell(c, 'cum'), valueCell(c, 'cum'))
      lines.push(`| ${cells.join(' | ')} |`)
    }
  }
  return lines.join('\n') + '\n'
}

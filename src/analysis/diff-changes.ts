import {isHeapProfile, type Profile, type ValueType} from '../model/profile'
import {isBaseColumn, mergeForDiff, nextDiffProfileId} from './diff'
import {formatValue} from './format'
import {compareNames, computeTop} from './top'

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

// One side of a -diff_base merge as a profile of its own (tables shared, base values negated
// back), so computeTop gives that side's rows.
function sideOf(merged: Profile, isBase: Uint8Array, wantBase: boolean): Profile {
  const keep: number[] = []
  for (let s = 0; s < merged.samples.length; s++) if ((isBase[s] === 1) === wantBase) keep.push(s)
  const sign = wantBase ? -1 : 1
  const bytes = merged.samples.bytes
  return {
    ...merged,
    id: nextDiffProfileId(),
    samples: {
      stack: Int32Array.from(keep, (s) => merged.samples.stack[s]),
      values: merged.samples.values.map((col) => Float64Array.from(keep, (s) => sign * col[s])),
      bytes: bytes === null ? null : Float64Array.from(keep, (s) => bytes[s]),
      length: keep.length,
    },
  }
}

type Rows = Map<string, {flat: number; cum: number}>

function rowsOf(p: Profile, sampleType: number): Rows {
  return new Map(computeTop(p, sampleType).rows.map((r) => [r.name, {flat: r.flat, cum: r.cum}]))
}

function change(base: number, current: number): Change {
  return {base, current, delta: current - base}
}

function flatCum(name: string, base: Rows, current: Rows): FlatCum {
  const b = base.get(name) ?? {flat: 0, cum: 0}
  const c = current.get(name) ?? {flat: 0, cum: 0}
  return {flat: change(b.flat, c.flat), cum: change(b.cum, c.cum)}
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
  const by = options.by ?? 'flat'
  const limit = options.limit ?? 10
  const normalize = options.normalize ?? false
  const merged = mergeForDiff(current, base, {mode: 'diff_base', normalize})
  const isBase = isBaseColumn(merged) ?? new Uint8Array(merged.samples.length)
  const sides = {base: sideOf(merged, isBase, true), current: sideOf(merged, isBase, false)}
  const types = merged.sampleTypes
  const selectedType = types[sampleType]
  let space = -1
  let objects = -1
  if (isHeapProfile(merged)) {
    const kind = selectedType.type.startsWith('alloc_') ? 'alloc_' : 'inuse_'
    space = types.findIndex((t) => t.type === kind + 'space')
    objects = types.findIndex((t) => t.type === kind + 'objects')
  }
  const rows = (t: number) => ({base: rowsOf(sides.base, t), current: rowsOf(sides.current, t)})
  const sel = rows(sampleType)
  const spaceRows = space >= 0 ? rows(space) : null
  const objectRows = objects >= 0 ? rows(objects) : null

  const names = new Set([...sel.current.keys(), ...sel.base.keys()])
  const all: FunctionChange[] = [...names].map((name) => ({
    name,
    selected: flatCum(name, sel.base, sel.current),
    space: spaceRows && flatCum(name, spaceRows.base, spaceRows.current),
    objects: objectRows && flatCum(name, objectRows.base, objectRows.current),
  }))
  const other = by === 'flat' ? 'cum' : 'flat'
  const abs = Math.abs
  const inBoth = all.filter((c) => sel.base.has(c.name) && sel.current.has(c.name))
  const top = (list: FunctionChange[], compare: (a: FunctionChange, b: FunctionChange) => number) =>
    list.sort((a, b) => compare(a, b) || compareNames(a.name, b.name)).slice(0, limit)
  const sum = (p: Profile) => p.samples.values[sampleType].reduce((acc, v) => acc + v, 0)
  const total = change(sum(sides.base), sum(sides.current))
  return {
    sampleType: selectedType,
    spaceType: space >= 0 ? types[space] : null,
    objectsType: objects >= 0 ? types[objects] : null,
    by,
    total,
    grew: top(
      inBoth.filter((c) => c.selected[by].delta > 0),
      (a, b) => b.selected[by].delta - a.selected[by].delta,
    ),
    shrank: top(
      inBoth.filter((c) => c.selected[by].delta < 0),
      (a, b) => a.selected[by].delta - b.selected[by].delta,
    ),
    appeared: top(
      all.filter((c) => !sel.base.has(c.name)),
      (a, b) =>
        abs(b.selected[by].current) - abs(a.selected[by].current) ||
        abs(b.selected[other].current) - abs(a.selected[other].current),
    ),
    disappeared: top(
      all.filter((c) => !sel.current.has(c.name)),
      (a, b) =>
        abs(b.selected[by].base) - abs(a.selected[by].base) ||
        abs(b.selected[other].base) - abs(a.selected[other].base),
    ),
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

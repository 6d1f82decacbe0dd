import type {Profile} from '../model/profile'
import {
  HINT_TEXT,
  isRuntimeFunction,
  isUserFunction,
  matchFrames,
  type FrameMatch,
  type HintKind,
} from './hint-rules'
import {matchShapes, type SizeBin} from './hint-shapes'
import {sampleTypeIndex} from './series'
import {runSteps, type Steps} from './steps'
import {compareNames, sampleTotal} from './top'

export {HINT_TEXT, isUserFunction, type HintKind} from './hint-rules'

/**
 * Allocation-hotspot hints for one Go heap profile: the usual shapes of allocation cost (append
 * without a capacity, maps without a size hint, boxing, fmt.Sprintf in a loop, bytes.Buffer and
 * strings.Builder growth, JSON into map[string]interface{}, []byte/string copies, scratch
 * buffers), each attributed to the first function in the user's own code on the stack (not the
 * runtime, not the standard library), with the usual fix.
 *
 * Per sample, walking from the allocation (leaf) toward the root up to the first user frame:
 * 1. the frames passed on the way are matched by name (hint-rules.ts: evidence 'frame');
 * 2. when there are none, or only runtime frames no rule knows, the allocation was made by the
 *    user line itself and Go hid the runtime function that did it: the line's object sizes are
 *    matched instead (hint-shapes.ts: evidence 'sizes', a heuristic);
 * 3. allocations inside other library code (strconv, strings.Fields…) get no hint: the user
 *    cannot change how they allocate, only whether they call them.
 * A sample gets at most one hint; hints are grouped per (kind, user function).
 */

export interface AllocationHint {
  kind: HintKind
  title: string
  explanation: string
  fix: string
  /**
   * 'frame': a function that names the cost is on the stacks (reliable). 'sizes': inferred from
   * the sizes of the objects a user line allocates (a heuristic; see hint-shapes.ts).
   */
  evidence: 'frame' | 'sizes'
  /** What matched, in words: the functions on the stacks, or the sizes at which lines. */
  why: string
  /** The first user-code function on the stacks: where to apply the fix. */
  userFunction: string
  userFile: string
  /** Its source lines involved (calls or allocations), ascending; 0 when unknown. */
  lines: number[]
  /** Distinct object sizes in bytes (the samples' `bytes` label), ascending. */
  sizes: number[]
  /** Sum over the samples involved, in the requested sample type, and its share of the total. */
  value: number
  share: number
  /** The same samples in each heap sample type (null when the profile lacks it). */
  allocSpace: number | null
  allocObjects: number | null
  inuseSpace: number | null
  inuseObjects: number | null
}

export interface HintOptions {
  /** Leave out hints below this share of the sample type's total. Default 0.001 (0.1%). */
  minShare?: number
  /** At most this many hints, largest first. Default: all. */
  limit?: number
  /** Which functions are the user's own code. Default: isUserFunction (see hint-rules.ts). */
  isUserCode?: (funcName: string) => boolean
}

interface Group {
  kind: HintKind | 'json'
  userFunction: string
  userFile: string
  lines: Set<number>
  frames: Set<string>
  shapes: {line: number; text: string}[]
  dynamic: boolean
  sizes: Set<number>
  samples: number[]
}

// The samples a user line allocated itself (no library frame below it).
interface Site {
  line: number
  samples: number[]
}

const NO_HINT = 0
const BY_SIZE = 1
type Verdict = FrameMatch | typeof NO_HINT | typeof BY_SIZE

/**
 * The hints of a profile, largest first by value in `sampleType` (an index into
 * profile.sampleTypes). Allocation shapes are found from the alloc_* values when present (what
 * was allocated), whatever sample type ranks them; alloc_space ranks by allocation cost.
 */
export function allocationHints(
  profile: Profile,
  sampleType: number,
  options: HintOptions = {},
): AllocationHint[] {
  return runSteps(allocationHintSteps(profile, sampleType, options))
}

// How much work allocationHintSteps does between two yields (a few milliseconds at most).
const FUNCS_PER_STEP = 4096
const STACKS_PER_STEP = 1 << 16
const SAMPLES_PER_STEP = 1024
const SITES_PER_STEP = 32

/**
 * allocationHints in small steps: the generator yields its progress every few milliseconds of
 * work and returns the hints, so that a caller can spread the work over idle periods (store/
 * derived's prefetch, the Hints view) and still finish it at once when the hints are needed.
 * The same result as allocationHints.
 */
export function* allocationHintSteps(
  profile: Profile,
  sampleType: number,
  options: HintOptions = {},
): Steps<AllocationHint[]> {
  const isUser = options.isUserCode ?? isUserFunction
  const {funcs, frames, stacks, samples, strings} = profile
  const userFunc = new Uint8Array(funcs.length)
  // The loops run in plain functions over ranges, between yields: V8 optimizes those best.
  const markUser = (from: number, to: number) => {
    for (let f = from; f < to; f++) userFunc[f] = isUser(strings[funcs.name[f]]) ? 1 : 0
  }
  for (let f = 0; f < funcs.length; f += FUNCS_PER_STEP) {
    const end = Math.min(funcs.length, f + FUNCS_PER_STEP)
    markUser(f, end)
    yield {stage: 'functions', done: end, total: funcs.length}
  }
  const funcOf = (e: number) => frames.func[stacks.frame[e]]
  const nameOf = (e: number) => strings[funcs.name[funcOf(e)]]
  // The leaf-most user frame on the path to each stack entry (-1: none).
  const userOf = new Int32Array(stacks.length)
  const findUser = (from: number, to: number) => {
    for (let e = from; e < to; e++) {
      const prefix = stacks.prefix[e]
      userOf[e] = userFunc[funcOf(e)] === 1 ? e : prefix < 0 ? -1 : userOf[prefix]
    }
  }
  for (let e = 0; e < stacks.length; e += STACKS_PER_STEP) {
    const end = Math.min(stacks.length, e + STACKS_PER_STEP)
    findUser(e, end)
    yield {stage: 'stacks', done: end, total: stacks.length}
  }
  const verdicts = new Map<number, Verdict>()
  const verdictOf = (leaf: number, user: number): Verdict => {
    let v = verdicts.get(leaf)
    if (v === undefined) {
      const segment: string[] = []
      for (let e = leaf; e !== user; e = stacks.prefix[e]) segment.push(nameOf(e))
      v = matchFrames(segment) ?? (segment.every(isRuntimeFunction) ? BY_SIZE : NO_HINT)
      verdicts.set(leaf, v)
    }
    return v
  }

  const sizeOf = objectSizes(profile)
  const groups = new Map<string, Group>()
  const groupOf = (kind: Group['kind'], user: number): Group => {
    const userFunction = nameOf(user)
    const key = `${kind}\u0000${userFunction}`
    let g = groups.get(key)
    if (!g) {
      g = {
        kind,
        userFunction,
        userFile: strings[funcs.file[funcOf(user)]],
        lines: new Set(),
        frames: new Set(),
        shapes: [],
        dynamic: false,
        sizes: new Set(),
        samples: [],
      }
      groups.set(key, g)
    }
    g.lines.add(frames.line[stacks.frame[user]])
    return g
  }
  const sites = new Map<string, Site>()
  const fileSample = (s: number) => {
    const leaf = samples.stack[s]
    if (leaf < 0) return
    const user = userOf[leaf]
    if (user < 0) return
    const verdict = verdictOf(leaf, user)
    if (verdict === NO_HINT) return
    if (verdict === BY_SIZE) {
      const line = frames.line[stacks.frame[user]]
      const key = `${nameOf(user)}\u0000${line}`
      let site = sites.get(key)
      if (!site) {
        site = {line, samples: []}
        sites.set(key, site)
      }
      site.samples.push(s)
      return
    }
    const g = groupOf(verdict.kind, user)
    g.frames.add(verdict.matched)
    if (verdict.dynamic) g.dynamic = true
    g.samples.push(s)
    if (sizeOf[s] > 0) g.sizes.add(sizeOf[s])
  }
  const fileSamples = (from: number, to: number) => {
    for (let s = from; s < to; s++) fileSample(s)
  }
  for (let s = 0; s < samples.length; s += SAMPLES_PER_STEP) {
    const end = Math.min(samples.length, s + SAMPLES_PER_STEP)
    fileSamples(s, end)
    yield {stage: 'samples', done: end, total: samples.length}
  }
  let done = 0
  for (const site of sites.values()) {
    addShapes(profile, site, sizeOf, groupOf, userOf)
    if (++done % SITES_PER_STEP === 0) yield {stage: 'allocation sites', done, total: sites.size}
  }
  return finish(profile, sampleType, groups, options)
}

// Matches the shapes of one user line's sizes and files its samples under their hints.
function addShapes(
  profile: Profile,
  site: Site,
  sizeOf: Float64Array,
  groupOf: (kind: HintKind, user: number) => Group,
  userOf: Int32Array,
): void {
  const col = columns(profile)
  const bins = new Map<number, SizeBin>()
  for (const s of site.samples) {
    const size = sizeOf[s]
    if (!(size > 0)) continue
    let bin = bins.get(size)
    if (!bin) {
      const known = col.inuseSpace !== null && col.allocSpace !== null
      bin = {size, objects: 0, allocSpace: 0, inuseSpace: known ? 0 : null}
      bins.set(size, bin)
    }
    bin.objects += col.objects ? col.objects[s] : 0
    bin.allocSpace += col.space ? col.space[s] : 0
    if (bin.inuseSpace !== null) bin.inuseSpace += (col.inuseSpace as Float64Array)[s]
  }
  for (const match of matchShapes([...bins.values()])) {
    const covered = new Set(match.sizes)
    let g: Group | null = null
    for (const s of site.samples) {
      if (!covered.has(sizeOf[s])) continue
      g ??= groupOf(match.kind, userOf[profile.samples.stack[s]])
      g.samples.push(s)
      g.sizes.add(sizeOf[s])
    }
    g?.shapes.push({line: site.line, text: describeShape(match.kind, site.line, match.sizes)})
  }
}

function describeShape(kind: HintKind, line: number, sizes: number[]): string {
  const at = line > 0 ? `line ${line}` : 'one line'
  const list = sizes.length <= 8 ? sizes.map((b) => `${b} B`).join(', ') : null
  const range = `${sizes.length} sizes from ${sizes[0]} B to ${sizes[sizes.length - 1]} B`
  switch (kind) {
    case 'append-growth':
    case 'map-growth':
      return `${at} allocates ${list ?? range}, each about twice the last`
    case 'boxing':
      return `${at} allocates several small objects (${list ?? range})`
    case 'scratch-buffer':
      return `${at} allocates ${sizes[0]} B over and over and keeps almost none`
    default:
      return `${at} allocates ${list ?? range}, mostly dropped`
  }
}

interface Columns {
  objects: Float64Array | null // alloc_objects, else inuse_objects
  space: Float64Array | null // alloc_space, else inuse_space
  allocSpace: Float64Array | null
  allocObjects: Float64Array | null
  inuseSpace: Float64Array | null
  inuseObjects: Float64Array | null
}

function columns(profile: Profile): Columns {
  const col = (type: string) => {
    const i = sampleTypeIndex(profile, type)
    return i < 0 ? null : profile.samples.values[i]
  }
  const [allocSpace, allocObjects] = [col('alloc_space'), col('alloc_objects')]
  const [inuseSpace, inuseObjects] = [col('inuse_space'), col('inuse_objects')]
  return {
    objects: allocObjects ?? inuseObjects,
    space: allocSpace ?? inuseSpace,
    allocSpace,
    allocObjects,
    inuseSpace,
    inuseObjects,
  }
}

/** Object size per sample: Go's `bytes` label, else space ÷ objects; NaN when unknown. */
function objectSizes(profile: Profile): Float64Array {
  const {objects, space} = columns(profile)
  const label = profile.samples.bytes
  const out = new Float64Array(profile.samples.length).fill(NaN)
  for (let s = 0; s < out.length; s++) {
    const b = label ? label[s] : NaN
    if (b > 0) out[s] = b
    else if (objects && space && objects[s] > 0) out[s] = Math.round(space[s] / objects[s])
  }
  return out
}

function finish(
  profile: Profile,
  sampleType: number,
  groups: Map<string, Group>,
  options: HintOptions,
): AllocationHint[] {
  const col = columns(profile)
  const values = profile.samples.values[sampleType]
  const total = sampleTotal(profile, sampleType)
  const minShare = options.minShare ?? 0.001
  const sum = (c: Float64Array | null, list: number[]) => {
    if (!c) return null
    let x = 0
    for (const s of list) x += c[s]
    return x
  }
  const hints: AllocationHint[] = []
  for (const g of groups.values()) {
    if (g.kind === 'json' && !g.dynamic) continue // a struct decode: nothing to hint
    const kind: HintKind = g.kind === 'json' ? 'json-map' : g.kind
    const value = sum(values, g.samples) as number
    const share = total > 0 ? value / total : 0
    if (value === 0 || Math.abs(share) < minShare) continue
    const frames = [...g.frames].sort(compareNames)
    const why = [
      ...(frames.length > 0 ? [`the stacks go through ${frames.join(', ')}`] : []),
      ...g.shapes.sort((a, b) => a.line - b.line).map((shape) => shape.text),
    ].join('; ')
    hints.push({
      kind,
      ...HINT_TEXT[kind],
      evidence: frames.length > 0 ? 'frame' : 'sizes',
      why,
      userFunction: g.userFunction,
      userFile: g.userFile,
      lines: [...g.lines].sort((a, b) => a - b),
      sizes: [...g.sizes].sort((a, b) => a - b),
      value,
      share,
      allocSpace: sum(col.allocSpace, g.samples),
      allocObjects: sum(col.allocObjects, g.samples),
      inuseSpace: sum(col.inuseSpace, g.samples),
      inuseObjects: sum(col.inuseObjects, g.samples),
    })
  }
  hints.sort(
    (a, b) =>
      Math.abs(b.value) - Math.abs(a.value) ||
      compareNames(a.userFunction, b.userFunction) ||
      compareNames(a.kind, b.kind),
  )
  return options.limit === undefined ? hints : hints.slice(0, Math.max(0, options.limit))
}

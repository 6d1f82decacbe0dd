import type {Profile, ProfileFormat, ValueType} from '../model/profile'
import {type LocationPrune, PRUNE, USER, pruneLocations} from './prune'
import {type RawProfile, sampleCount} from './raw'
import {
  type CallNodeArrays,
  type Offload,
  type StackInput,
  type StackTree,
  buildStackTree,
  buildStackTreeParallel,
} from './stacks'
import {GrowableInt32, IntPairTable} from './tables'
import type {ResolvedIds} from './validate'

let nextProfileId = 1

/**
 * Builds the model from a validated RawProfile: functions deduplicated by (name, file), frames
 * by (function, line, inlined), drop_frames/keep_frames applied, the samples' locations turned
 * into a prefix tree of frames. `onProgress(done, total)` counts sample frames placed in it.
 * The call tree (analysis/call-tree.ts's CallNodeTable) comes out of the same pass.
 */
export function buildProfile(
  raw: RawProfile,
  ids: ResolvedIds,
  fileName: string,
  format: ProfileFormat,
  onProgress?: (done: number, total: number) => void,
): {profile: Profile; callNodes: CallNodeArrays} {
  const prepared = prepareStacks(raw, ids)
  return finishProfile(raw, prepared, fileName, format, buildStackTree(prepared.input, onProgress))
}

/**
 * buildProfile with the stack tree built on two threads when it is big (stacks.ts's
 * buildStackTreeParallel, `offload` running the helper's share); the same profile.
 */
export async function buildProfileParallel(
  raw: RawProfile,
  ids: ResolvedIds,
  fileName: string,
  format: ProfileFormat,
  offload: Offload,
  onProgress?: (done: number, total: number) => void,
): Promise<{profile: Profile; callNodes: CallNodeArrays; helperJobs: number}> {
  const prepared = prepareStacks(raw, ids)
  const stacks = await buildStackTreeParallel(prepared.input, offload, onProgress)
  return finishProfile(raw, prepared, fileName, format, stacks)
}

/** Functions and frames, drop_frames applied, and the stack tree's input made of them. */
function prepareStacks(raw: RawProfile, ids: ResolvedIds) {
  const strings = raw.strings
  const funcs = buildFuncs(raw)
  const prune = pruneLocations(
    strings[raw.dropFrames],
    strings[raw.keepFrames],
    raw.locations.lineStart.data,
    raw.locations.id.length,
    ids.lineFunction,
    (f) => strings[raw.functions.name.data[f]],
    raw.functions.id.length,
  )
  const frames = buildFrames(raw, ids, funcs, prune)
  const input: StackInput = {
    nSamples: sampleCount(raw.samples),
    locationStart: raw.samples.locationStart.data,
    locations: raw.samples.locations.data,
    cut: pruneCuts(raw, prune?.kind ?? null),
    frameStart: frames.ofLocationStart,
    frames: frames.ofLocation,
    frameKey: frames.key,
  }
  return {funcs, frames: frames.table, input}
}

/** The Profile around the stack tree. */
function finishProfile(
  raw: RawProfile,
  prepared: ReturnType<typeof prepareStacks>,
  fileName: string,
  format: ProfileFormat,
  stacks: StackTree,
): {profile: Profile; callNodes: CallNodeArrays; helperJobs: number} {
  const str = (i: number) => raw.strings[i]
  const {funcs, frames} = prepared
  const sampleTypes: ValueType[] = []
  for (let t = 0; t < raw.sampleTypes.length; t += 2) {
    sampleTypes.push({type: str(raw.sampleTypes[t]), unit: str(raw.sampleTypes[t + 1])})
  }
  const defaultName = str(raw.defaultSampleType)
  const named = defaultName === '' ? -1 : sampleTypes.findIndex((t) => t.type === defaultName)
  const hasMapping = raw.mappings.id.length > 0
  const profile: Profile = {
    id: nextProfileId++,
    fileName,
    format,
    strings: raw.strings,
    sampleTypes,
    defaultSampleType: named >= 0 ? named : sampleTypes.length - 1,
    periodType: raw.periodType
      ? {type: str(raw.periodType.type), unit: str(raw.periodType.unit)}
      : null,
    period: raw.period,
    timeMillis: raw.timeNanos / 1e6,
    durationNanos: raw.durationNanos,
    comments: raw.comments.map(str),
    docUrl: str(raw.docUrl),
    mainFile: hasMapping ? str(raw.mappings.file.data[0]) : '',
    buildId: hasMapping ? str(raw.mappings.buildId.data[0]) : '',
    dropFrames: str(raw.dropFrames),
    keepFrames: str(raw.keepFrames),
    funcs: {name: funcs.name.toArray(), file: funcs.file.toArray(), length: funcs.name.length},
    frames,
    stacks: {frame: stacks.frame, prefix: stacks.prefix, length: stacks.length},
    samples: buildSamples(raw, stacks.sampleStack),
  }
  return {profile, callNodes: stacks.callNodes, helperJobs: stacks.helperJobs}
}

interface Funcs {
  /** The deduplicated function of each raw Function. */
  ofRaw: Int32Array
  name: GrowableInt32
  file: GrowableInt32
  byKey: Map<string, number>
}

function buildFuncs(raw: RawProfile): Funcs {
  const fns = raw.functions
  const n = fns.id.length
  const funcs: Funcs = {
    ofRaw: new Int32Array(n),
    name: new GrowableInt32(n),
    file: new GrowableInt32(n),
    byKey: new Map(),
  }
  for (let i = 0; i < n; i++) {
    funcs.ofRaw[i] = internFunc(raw, funcs, fns.name.data[i], fns.file.data[i])
  }
  return funcs
}

// By string content: a string table may hold the same string twice.
function internFunc(raw: RawProfile, funcs: Funcs, name: number, file: number): number {
  const key = raw.strings[name] + '\u0000' + raw.strings[file]
  let f = funcs.byKey.get(key)
  if (f === undefined) {
    f = funcs.name.length
    funcs.byKey.set(key, f)
    funcs.name.push(name)
    funcs.file.push(file)
  }
  return f
}

/**
 * The frame table, and each location's frames root side first: its last line (the function
 * owning the address) down to line[0] (the innermost inlined call), or one pseudo-frame when
 * it has no lines. Lines cut by drop_frames (PRUNE_BENEATH) are left out.
 */
function buildFrames(raw: RawProfile, ids: ResolvedIds, funcs: Funcs, prune: LocationPrune | null) {
  const locs = raw.locations
  const nLocs = locs.id.length
  const lineStart = locs.lineStart.data
  const keys = new IntPairTable(Math.max(1024, nLocs * 2)) // (func·2 + inlined, line)
  const ofLocationStart = new Int32Array(nLocs + 1)
  const ofLocation = new Int32Array(locs.lineFunctionId.length + nLocs)
  const pseudo = new Map<string, number>()
  let n = 0
  for (let l = 0; l < nLocs; l++) {
    ofLocationStart[l] = n
    const first = prune ? prune.firstLine[l] : lineStart[l]
    const last = lineStart[l + 1] - 1
    if (last < first) {
      const fn = pseudoFunc(raw, funcs, pseudo, ids.locationMapping[l])
      ofLocation[n++] = keys.intern(fn * 2, 0)
      continue
    }
    for (let i = last; i >= first; i--) {
      const fn = funcs.ofRaw[ids.lineFunction[i]]
      const line = clampLine(locs.lineNumber.data[i])
      ofLocation[n++] = keys.intern(fn * 2 + (i === last ? 0 : 1), line)
    }
  }
  ofLocationStart[nLocs] = n
  const func = new Int32Array(keys.length)
  const inlined = new Uint8Array(keys.length)
  const a = keys.a.data
  for (let f = 0; f < keys.length; f++) {
    func[f] = a[f] >> 1
    inlined[f] = a[f] & 1
  }
  const table = {func, line: keys.b.toArray(), inlined, length: keys.length}
  // The call key of each frame (func·2 + inlined), what call nodes merge on.
  return {table, ofLocationStart, ofLocation, key: keys.a.toArray()}
}

/** The function of a location without lines, named as `go tool pprof -symbolize=none` does. */
function pseudoFunc(raw: RawProfile, funcs: Funcs, pseudo: Map<string, number>, mapping: number) {
  const file = mapping < 0 ? '' : raw.strings[raw.mappings.file.data[mapping]]
  const name = file === '' ? '<unknown>' : `[${file.slice(file.lastIndexOf('/') + 1)}]`
  let s = pseudo.get(name)
  if (s === undefined) {
    s = raw.strings.length
    raw.strings.push(name)
    pseudo.set(name, s)
  }
  return internFunc(raw, funcs, s, 0)
}

function clampLine(line: number): number {
  return line > 0x7fffffff ? 0x7fffffff : line < -0x80000000 ? -0x80000000 : line
}

/**
 * The leafmost location each sample keeps under pprof's Prune: scanning from the root, after
 * the first user location, a PRUNE location is cut with everything leafward of it
 * (`Location[i+1:]`), a PRUNE_BENEATH one keeps itself (`Location[i:]`). Root-side locations
 * before any user one are never pruned.
 */
function pruneCuts(raw: RawProfile, kind: Uint8Array | null): Int32Array {
  const s = raw.samples
  const n = sampleCount(s)
  const start = s.locationStart.data
  const cut = start.slice(0, n)
  if (!kind) return cut
  const locs = s.locations.data
  for (let i = 0; i < n; i++) {
    let foundUser = false
    for (let j = start[i + 1] - 1; j >= start[i]; j--) {
      const k = kind[locs[j]]
      if (k === USER) foundUser = true
      else if (foundUser) {
        cut[i] = k === PRUNE ? j + 1 : j
        break
      }
    }
  }
  return cut
}

function buildSamples(raw: RawProfile, stack: Int32Array): Profile['samples'] {
  const s = raw.samples
  const n = sampleCount(s)
  const nTypes = raw.sampleTypes.length / 2
  const values: Float64Array[] = []
  const rows = s.values.data
  for (let t = 0; t < nTypes; t++) {
    const column = new Float64Array(n)
    for (let i = 0; i < n; i++) column[i] = rows[i * nTypes + t]
    values.push(column)
  }
  let bytes: Float64Array | null = null
  const isBytes = raw.strings.map((x) => x === 'bytes')
  for (let j = 0; j < s.labelKey.length; j++) {
    if (!isBytes[s.labelKey.data[j]]) continue
    bytes ??= new Float64Array(n).fill(NaN)
    const i = s.labelSample.data[j]
    if (Number.isNaN(bytes[i])) bytes[i] = s.labelNum.data[j]
  }
  return {stack, values, bytes, length: n}
}

import {IntPairTable} from '../decode/tables'
import type {Profile} from '../model/profile'
import {nextDiffProfileId} from './diff'
import {baseName, funcMappings} from './mapping'
import {StackInterner} from './stack-interner'

/**
 * pprof's -granularity (driver.aggregate → Profile.Aggregate, then graph.nodeInfo and
 * NodeInfo.PrintableName): re-keys the model so that one function = one pprof graph node, named
 * by its PrintableName. computeTop, buildGraph and the reports key nodes by function name, so
 * they then give pprof's numbers for that granularity.
 *
 * | granularity    | node key            | printed name (PrintableName)            |
 * | functions      | name                | `main.f`                                |
 * | filefunctions  | name, file          | `main.f path/to/f.go`                   |
 * | files          | file                | `path/to/f.go`                          |
 * | lines          | name, file, line    | `main.f path/to/f.go:12`                |
 *
 * Files are cleaned like Go's filepath.Clean, after trimming `/proc/self/cwd/` (report.trimPath).
 * A node without name prints its file, else `[mapping base name]`, else `<unknown>`; a location
 * without lines stays the decoder's `[base]` / `<unknown>` at every granularity.
 * Known gap: pprof keys nameless nodes (files granularity) by the function's start line too, so
 * two functions of one file with different start_line give two rows named alike; the model has
 * no start line and gives one (Go writes start_line 0 up to go1.19 at least).
 */

/** The aggregation levels of pprof's -granularity (addresses needs addresses: not modelled). */
export type Granularity = 'functions' | 'filefunctions' | 'files' | 'lines'

/** What a node of an aggregated profile stands for: one per function of that profile. */
export interface NodeInfo {
  /** Function name; '' under files granularity and for locations without lines. */
  name: string
  /** Cleaned file name; '' when not kept or unknown. */
  file: string
  /** Source line; 0 unless lines granularity. */
  line: number
  /** The printed name, e.g. `main.f a.go:12`, `[binary]`. */
  printable: string
}

/** A profile at some granularity, with what each of its functions (= nodes) stands for. */
export interface AggregatedProfile {
  /** funcs renamed to their PrintableName (files with them); the input itself when unchanged. */
  profile: Profile
  /** Per function of `profile`. */
  info: NodeInfo[]
}

const cache = new WeakMap<Profile, Map<Granularity, AggregatedProfile>>()

/** The profile at `granularity`, memoized per profile and granularity. */
export function applyGranularity(profile: Profile, granularity: Granularity): Profile {
  return aggregateProfile(profile, granularity).profile
}

/** applyGranularity with each node's name, file and line. Linear in frames + stack entries. */
export function aggregateProfile(profile: Profile, granularity: Granularity): AggregatedProfile {
  let byGranularity = cache.get(profile)
  if (!byGranularity) {
    byGranularity = new Map()
    cache.set(profile, byGranularity)
  }
  let result = byGranularity.get(granularity)
  if (!result) {
    result = aggregate(profile, granularity)
    byGranularity.set(granularity, result)
  }
  return result
}

/** pprof's NodeInfo.PrintableName for a node with a function or file (see the table above). */
export function printableName(name: string, file: string, line: number, objfile: string): string {
  const parts: string[] = []
  if (name !== '') parts.push(name)
  if (line !== 0) parts.push(`${file}:${line}`)
  else if (file !== '') parts.push(file)
  else if (name !== '') {
    // the name alone
  } else if (objfile !== '') parts.push(`[${baseName(objfile)}]`)
  else parts.push('<unknown>')
  return parts.join(' ')
}

/** Go's filepath.Clean for slash-separated paths ('' is left as ''). */
export function cleanPath(path: string): string {
  if (path === '') return ''
  const rooted = path.startsWith('/')
  const out: string[] = []
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue
    if (part !== '..') out.push(part)
    else if (out.length > 0 && out[out.length - 1] !== '..') out.pop()
    else if (!rooted) out.push('..')
  }
  const joined = (rooted ? '/' : '') + out.join('/')
  return joined === '' ? '.' : joined
}

// report.trimPath without -trim_path/-source_path: only the /proc/self/cwd prefixes go.
function trimPath(path: string): string {
  for (const prefix of ['/proc/self/cwd/./', '/proc/self/cwd/']) {
    if (path.startsWith(prefix)) return path.slice(prefix.length)
  }
  return path
}

function aggregate(profile: Profile, granularity: Granularity): AggregatedProfile {
  const {funcs, frames, strings} = profile
  const {pseudo, mapping} = funcMappings(profile)
  const keepName = granularity !== 'files'
  const keepFile = granularity !== 'functions'
  const keepLine = granularity === 'lines'

  // Node of each old frame: the key is the printed name (distinct NodeInfos print distinctly).
  const nodeIds = new Map<string, number>()
  const info: NodeInfo[] = []
  const frameNode = new Int32Array(frames.length)
  const cleaned = new Map<number, string>() // file string index → trimmed and cleaned
  let renamed = keepLine || keepFile
  for (let f = 0; f < frames.length; f++) {
    const fn = frames.func[f]
    let node: NodeInfo
    if (pseudo[fn] === 1) {
      const printable = strings[funcs.name[fn]]
      node = {name: '', file: '', line: 0, printable}
    } else {
      const name = keepName ? strings[funcs.name[fn]] : ''
      let file = ''
      if (keepFile) {
        const fileIndex = funcs.file[fn]
        file = cleaned.get(fileIndex) ?? cleanPath(trimPath(strings[fileIndex]))
        cleaned.set(fileIndex, file)
      }
      const line = keepLine ? frames.line[f] : 0
      const printable = printableName(name, file, line, name === '' ? mapping[fn] : '')
      if (printable !== strings[funcs.name[fn]]) renamed = true
      node = {name, file, line, printable}
    }
    let id = nodeIds.get(node.printable)
    if (id === undefined) {
      id = info.length
      info.push(node)
      nodeIds.set(node.printable, id)
    }
    frameNode[f] = id
  }
  if (!renamed) return {profile, info: functionInfo(profile)}
  return {profile: rebuild(profile, info, frameNode, keepLine), info}
}

// Unchanged profile (functions granularity, every function named): info per existing function.
function functionInfo(profile: Profile): NodeInfo[] {
  const {pseudo} = funcMappings(profile)
  const info: NodeInfo[] = []
  for (let f = 0; f < profile.funcs.length; f++) {
    const name = profile.strings[profile.funcs.name[f]]
    info.push({name: pseudo[f] === 1 ? '' : name, file: '', line: 0, printable: name})
  }
  return info
}

function rebuild(
  profile: Profile,
  info: NodeInfo[],
  frameNode: Int32Array,
  keepLine: boolean,
): Profile {
  const strings = profile.strings.slice()
  const stringIds = new Map<string, number>()
  const intern = (s: string): number => {
    let i = stringIds.get(s)
    if (i === undefined) {
      i = strings.length
      strings.push(s)
      stringIds.set(s, i)
    }
    return i
  }
  for (let i = strings.length - 1; i >= 0; i--) stringIds.set(strings[i], i)
  const funcName = Int32Array.from(info, (n) => intern(n.printable))
  const funcFile = Int32Array.from(info, (n) => intern(n.file))

  // Frames: (node, line, inlined), deduplicated; then stack entries by (prefix, frame).
  const {frames, stacks} = profile
  const frameKeys = new IntPairTable(Math.min(frames.length, 1 << 16)) // (node * 2 + inl, line)
  const newFrame = new Int32Array(frames.length)
  for (let f = 0; f < frames.length; f++) {
    const line = keepLine ? frames.line[f] : 0
    newFrame[f] = frameKeys.intern(frameNode[f] * 2 + frames.inlined[f], line)
  }
  const stackKeys = new StackInterner(stacks.length, frameKeys.length)
  const newStack = new Int32Array(stacks.length)
  for (let s = 0; s < stacks.length; s++) {
    const p = stacks.prefix[s]
    newStack[s] = stackKeys.intern(p < 0 ? -1 : newStack[p], newFrame[stacks.frame[s]])
  }
  const sampleStack = profile.samples.stack.map((s) => (s < 0 ? -1 : newStack[s]))
  const frameKey = frameKeys.a.toArray()
  return {
    ...profile,
    id: nextDiffProfileId(),
    strings,
    funcs: {name: funcName, file: funcFile, length: info.length},
    frames: {
      func: frameKey.map((k) => k >> 1),
      line: frameKeys.b.toArray(),
      inlined: Uint8Array.from(frameKey, (k) => k & 1),
      length: frameKey.length,
    },
    stacks: stackKeys.table(),
    samples: {...profile.samples, stack: sampleStack},
  }
}

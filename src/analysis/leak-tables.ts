import type {Profile} from '../model/profile'
import {PairIds} from './diff-pair-map'
import {sampleTypeIndex} from './series'
import {runSteps, sortedSteps, type Steps} from './steps'
import {compareNames} from './top'

/**
 * The values a leak ranking needs, gathered over a series: per function name or per call path
 * (a key), per heap sample type, the value in each snapshot. Used by leaks.ts.
 *
 * The numbers are computeTop's (pprof's) for each snapshot, computed from the samples directly:
 * building each snapshot's call tree, as computeTop does, costs more than the ranking.
 */

export const HEAP_TYPES = ['inuse_space', 'inuse_objects', 'alloc_space', 'alloc_objects'] as const
export type HeapTypeName = (typeof HEAP_TYPES)[number]

// Keys per block of a Grid.
const KEY_BITS = 12
const KEYS_PER_BLOCK = 1 << KEY_BITS

/**
 * Values per key and snapshot, in blocks of a few thousand keys: value(key, i) = data[k × n + i]
 * for n snapshots, k = key within its block. (A JS array of per-key arrays filled in no order
 * goes sparse, and slow; one array grown by doubling is a copy of up to hundreds of megabytes in
 * one go, which holds the page.) Keys are added from 0 up, so the blocks fill in order.
 */
export class Grid {
  private readonly blocks: Float64Array[] = []

  constructor(readonly n: number) {}

  add(key: number, snapshot: number, value: number): void {
    const b = key >>> KEY_BITS
    const block = b < this.blocks.length ? this.blocks[b] : this.grow(b)
    block[(key & (KEYS_PER_BLOCK - 1)) * this.n + snapshot] += value
  }

  /** Is every value of a key 0? */
  isZero(key: number): boolean {
    const b = key >>> KEY_BITS
    if (b >= this.blocks.length) return true
    const block = this.blocks[b]
    const start = (key & (KEYS_PER_BLOCK - 1)) * this.n
    for (let at = start; at < start + this.n; at++) if (block[at] !== 0) return false
    return true
  }

  /** A key's values, first snapshot to last (zeros for a key never added to). */
  row(key: number): Float64Array {
    const b = key >>> KEY_BITS
    if (b >= this.blocks.length) return new Float64Array(this.n)
    const start = (key & (KEYS_PER_BLOCK - 1)) * this.n
    return this.blocks[b].subarray(start, start + this.n)
  }

  private grow(b: number): Float64Array {
    while (this.blocks.length <= b) this.blocks.push(new Float64Array(KEYS_PER_BLOCK * this.n))
    return this.blocks[b]
  }
}

/** Per sample type, the values of every key. */
export type Columns = Map<HeapTypeName, Grid>

export interface LeakTable {
  /** Per key: the function, or the path's leaf function. */
  names: string[]
  /** Per key: the rank of its name in Go string order (to sort by name quickly). */
  nameRank: Int32Array
  /** Per key: a path's function names, root first; null for a function. */
  path: (key: number) => string[] | null
  /** Flat (functions) or self (paths) values. */
  flat: Columns
  /** Cum values of the types asked for (functions only). */
  cum: Columns | null
}

const SURROGATE = /[\uD800-\uDFFF]/

// Global ids of function names, and each profile's func → name id.
class Names {
  readonly list: string[] = []
  private readonly ids = new Map<string, number>()
  // Has some name a character outside the BMP (where JS and Go string orders differ)?
  private astral = false

  id(name: string): number {
    let id = this.ids.get(name)
    if (id === undefined) {
      id = this.list.length
      this.ids.set(name, id)
      this.list.push(name)
      if (!this.astral && SURROGATE.test(name)) this.astral = true
    }
    return id
  }

  /** Per name id, its rank in Go string order, in steps (a sort of up to 100,000s of names). */
  *ranks(): Steps<Int32Array> {
    const names = this.list
    // Without astral characters, JS string order is Go's, and much faster than compareNames.
    const order = yield* sortedSteps(
      names.map((_, id) => id),
      this.astral
        ? (a, b) => compareNames(names[a], names[b])
        : (a, b) => (names[a] < names[b] ? -1 : names[a] > names[b] ? 1 : 0),
      Infinity,
      'names',
    )
    const rank = new Int32Array(this.list.length)
    order.forEach((id, r) => (rank[id] = r))
    return rank
  }

  ofFuncs(p: Profile): Int32Array {
    const out = new Int32Array(p.funcs.length)
    for (let f = 0; f < out.length; f++) out[f] = this.id(p.strings[p.funcs.name[f]])
    return out
  }
}

function emptyColumns(types: readonly HeapTypeName[], n: number): Columns {
  return new Map(types.map((t) => [t, new Grid(n)]))
}

// Samples (and stack entries) handled between two yields: a few milliseconds of work.
const SAMPLES_PER_STEP = 4096
const STACKS_PER_STEP = 1 << 16
const KEYS_PER_STEP = 1 << 16

/**
 * Per function name: flat of `types` and cum of `cumTypes`, computeTop's numbers without its call
 * tree: per sample, flat goes to the leaf's function, cum to each function on the stack once
 * (however often it recurs). Keys: every function on a stack of a sample with a value.
 */
export function functionTable(
  profiles: readonly Profile[],
  types: readonly HeapTypeName[],
  cumTypes: readonly HeapTypeName[],
): LeakTable {
  return runSteps(functionTableSteps(profiles, types, cumTypes))
}

/** functionTable in steps of a few milliseconds; progress in snapshots. */
export function* functionTableSteps(
  profiles: readonly Profile[],
  types: readonly HeapTypeName[],
  cumTypes: readonly HeapTypeName[],
): Steps<LeakTable> {
  const names = new Names()
  const n = profiles.length
  const flat = emptyColumns(types, n)
  const cum = emptyColumns(cumTypes, n)
  for (let i = 0; i < n; i++) {
    const p = profiles[i]
    const funcName = names.ofFuncs(p)
    const nameAt = (e: number) => funcName[p.frames.func[p.stacks.frame[e]]]
    const flatValues = types.map((t) => p.samples.values[sampleTypeIndex(p, t)])
    const cumValues = cumTypes.map((t) => p.samples.values[sampleTypeIndex(p, t)])
    const flatGrids = types.map((t) => flat.get(t) as Grid)
    const cumGrids = cumTypes.map((t) => cum.get(t) as Grid)
    const seen = new Int32Array(names.list.length).fill(-1)
    // The loop runs in a plain function over a range, between yields: V8 optimizes that best.
    const addSamples = (from: number, to: number) => {
      for (let s = from; s < to; s++) {
        const st = p.samples.stack[s]
        if (st < 0) continue
        const leaf = nameAt(st)
        for (let t = 0; t < flatValues.length; t++) {
          if (flatValues[t][s] !== 0) flatGrids[t].add(leaf, i, flatValues[t][s])
        }
        if (cumValues.every((v) => v[s] === 0)) continue
        for (let e = st; e >= 0; e = p.stacks.prefix[e]) {
          const name = nameAt(e)
          if (seen[name] === s) continue
          seen[name] = s
          for (let t = 0; t < cumValues.length; t++) cumGrids[t].add(name, i, cumValues[t][s])
        }
      }
    }
    const count = p.samples.length
    for (let s = 0; s < count; s += SAMPLES_PER_STEP) {
      addSamples(s, Math.min(count, s + SAMPLES_PER_STEP))
      yield {stage: 'snapshots', done: i + Math.min(count, s + SAMPLES_PER_STEP) / count, total: n}
    }
  }
  const nameRank = yield* names.ranks()
  return {
    names: names.list,
    nameRank,
    path: () => null,
    flat,
    cum: cumTypes.length > 0 ? cum : null,
  }
}

/**
 * Per call path (function names from root to leaf): the sum of the samples whose stack is that
 * path. Paths are matched across snapshots by a 53-bit hash of their names, checked name by
 * name against a representative, so that a hash collision cannot merge two paths.
 */
export function pathTable(profiles: readonly Profile[], types: readonly HeapTypeName[]): LeakTable {
  return runSteps(pathTableSteps(profiles, types))
}

/** pathTable in steps of a few milliseconds; progress in snapshots. */
export function* pathTableSteps(
  profiles: readonly Profile[],
  types: readonly HeapTypeName[],
): Steps<LeakTable> {
  const names = new Names()
  const funcNames: Int32Array[] = []
  const n = profiles.length
  const self = emptyColumns(types, n)
  // Each path (a key) has a representative: a stack entry of a profile that ends the path. A
  // sample makes at most one path: their number bounds the paths and the hashes of paths.
  let bound = 0
  for (const p of profiles) bound += p.samples.length
  const repProfile = new Int32Array(bound)
  const repEntry = new Int32Array(bound)
  let reps = 0
  // Paths by hash: hash id (hashIds) → its first path; path → next path of its hash (-1: none).
  const hashIds = new PairIds(bound)
  yield* hashIds.touchSteps({stage: 'snapshots', done: 0, total: n})
  const firstRep = new Int32Array(bound)
  const nextRep = new Int32Array(bound)
  const nameAt = (pi: number, e: number) => {
    const p = profiles[pi]
    return funcNames[pi][p.frames.func[p.stacks.frame[e]]]
  }
  const samePath = (pi: number, e: number, pj: number, f: number): boolean => {
    const {stacks: sa, frames: fa} = profiles[pi]
    const {stacks: sb, frames: fb} = profiles[pj]
    const [nameA, nameB] = [funcNames[pi], funcNames[pj]]
    for (; e >= 0 && f >= 0; e = sa.prefix[e], f = sb.prefix[f]) {
      if (pi === pj && e === f) return true
      if (nameA[fa.func[sa.frame[e]]] !== nameB[fb.func[sb.frame[f]]]) return false
    }
    return e < 0 && f < 0
  }
  for (let i = 0; i < n; i++) {
    const p = profiles[i]
    funcNames.push(names.ofFuncs(p))
    const stackCount = p.stacks.length
    const h1 = new Int32Array(stackCount)
    const h2 = new Int32Array(stackCount)
    // Hashing the stack entries counts for a quarter of a snapshot, its samples for the rest.
    for (let e = 0; e < stackCount; e += STACKS_PER_STEP) {
      const end = Math.min(stackCount, e + STACKS_PER_STEP)
      pathHashes(p, funcNames[i], h1, h2, e, end)
      yield {stage: 'snapshots', done: i + (0.25 * end) / stackCount, total: n}
    }
    const pathOfLeaf = new Int32Array(stackCount).fill(-1)
    const pathOf = (leaf: number): number => {
      if (pathOfLeaf[leaf] >= 0) return pathOfLeaf[leaf]
      const hashes = hashIds.size
      const hash = hashIds.idOf(h1[leaf], h2[leaf] >>> 11)
      if (hashIds.size > hashes) firstRep[hash] = -1 // a new hash
      let id = -1
      let last = -1
      for (let c = firstRep[hash]; c >= 0 && id < 0; c = nextRep[c]) {
        if (samePath(repProfile[c], repEntry[c], i, leaf)) id = c
        last = c
      }
      if (id < 0) {
        id = reps++
        repProfile[id] = i
        repEntry[id] = leaf
        nextRep[id] = -1
        if (last < 0) firstRep[hash] = id
        else nextRep[last] = id
      }
      pathOfLeaf[leaf] = id
      return id
    }
    const count = p.samples.length
    for (let ti = 0; ti < types.length; ti++) {
      const values = p.samples.values[sampleTypeIndex(p, types[ti])]
      const grid = self.get(types[ti]) as Grid
      const addSamples = (from: number, to: number) => {
        for (let s = from; s < to; s++) {
          const st = p.samples.stack[s]
          if (st >= 0 && values[s] !== 0) grid.add(pathOf(st), i, values[s])
        }
      }
      for (let s = 0; s < count; s += SAMPLES_PER_STEP) {
        const end = Math.min(count, s + SAMPLES_PER_STEP)
        addSamples(s, end)
        const done = (ti + end / count) / types.length
        yield {stage: 'snapshots', done: i + 0.25 + 0.75 * done, total: n}
      }
    }
  }
  const pathNames = (key: number): string[] => {
    const [profile, entry] = [repProfile[key], repEntry[key]]
    const out: string[] = []
    const prefix = profiles[profile].stacks.prefix
    for (let e = entry; e >= 0; e = prefix[e]) out.push(names.list[nameAt(profile, e)])
    return out.reverse()
  }
  const rank = yield* names.ranks()
  const leafNames: string[] = new Array<string>(reps)
  const nameRank = new Int32Array(reps)
  for (let key = 0; key < reps; key += KEYS_PER_STEP) {
    const end = Math.min(reps, key + KEYS_PER_STEP)
    for (let k = key; k < end; k++) {
      const id = nameAt(repProfile[k], repEntry[k])
      leafNames[k] = names.list[id]
      nameRank[k] = rank[id]
    }
    yield {stage: 'snapshots', done: n, total: n}
  }
  return {names: leafNames, nameRank, path: pathNames, flat: self, cum: null}
}

// Per stack entry in [from, to), two 32-bit hashes of its path's function names (53 bits of
// them are used), into h1 and h2; the entries before `from` must be done.
function pathHashes(
  p: Profile,
  funcName: Int32Array,
  h1: Int32Array,
  h2: Int32Array,
  from: number,
  to: number,
): void {
  for (let e = from; e < to; e++) {
    const prefix = p.stacks.prefix[e]
    const name = funcName[p.frames.func[p.stacks.frame[e]]]
    let a = prefix < 0 ? 0x811c9dc5 : h1[prefix]
    let b = prefix < 0 ? 0x5bd1e995 : h2[prefix]
    a = Math.imul(a ^ name, 0x01000193)
    a = Math.imul(a ^ (a >>> 15), 0x2c1b3c6d)
    a ^= a >>> 12
    b = Math.imul(b + name, 0x9e3779b1)
    b = Math.imul(b ^ (b >>> 16), 0x85ebca6b)
    b ^= b >>> 13
    h1[e] = a
    h2[e] = b
  }
}

import type {Profile} from '../model/profile'
import {sampleTypeIndex} from './series'
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

/**
 * Values per key and snapshot, in one growable array: value(key, i) = data[key × n + i] for n
 * snapshots. (A JS array of per-key arrays filled in no order goes sparse, and slow.)
 */
export class Grid {
  private data: Float64Array

  constructor(readonly n: number) {
    this.data = new Float64Array(Math.max(1, n) * 256)
  }

  add(key: number, snapshot: number, value: number): void {
    const at = key * this.n + snapshot
    if (at >= this.data.length) this.grow(at)
    this.data[at] += value
  }

  /** Is every value of a key 0? */
  isZero(key: number): boolean {
    const start = key * this.n
    const end = Math.min(start + this.n, this.data.length)
    for (let at = start; at < end; at++) if (this.data[at] !== 0) return false
    return true
  }

  /** A key's values, first snapshot to last (zeros for a key never added to). */
  row(key: number): Float64Array {
    const start = key * this.n
    if (start + this.n > this.data.length) return new Float64Array(this.n)
    return this.data.subarray(start, start + this.n)
  }

  private grow(at: number): void {
    let size = this.data.length
    while (size <= at) size *= 2
    const data = new Float64Array(size)
    data.set(this.data)
    this.data = data
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

// Global ids of function names, and each profile's func → name id.
class Names {
  readonly list: string[] = []
  private readonly ids = new Map<string, number>()

  id(name: string): number {
    let id = this.ids.get(name)
    if (id === undefined) {
      id = this.list.length
      this.ids.set(name, id)
      this.list.push(name)
    }
    return id
  }

  /** Per name id, its rank in Go string order. */
  ranks(): Int32Array {
    const names = this.list
    const order = names.map((_, id) => id).sort((a, b) => compareNames(names[a], names[b]))
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
  const names = new Names()
  const n = profiles.length
  const flat = emptyColumns(types, n)
  const cum = emptyColumns(cumTypes, n)
  profiles.forEach((p, i) => {
    const funcName = names.ofFuncs(p)
    const nameAt = (e: number) => funcName[p.frames.func[p.stacks.frame[e]]]
    const flatValues = types.map((t) => p.samples.values[sampleTypeIndex(p, t)])
    const cumValues = cumTypes.map((t) => p.samples.values[sampleTypeIndex(p, t)])
    const flatGrids = types.map((t) => flat.get(t) as Grid)
    const cumGrids = cumTypes.map((t) => cum.get(t) as Grid)
    const seen = new Int32Array(names.list.length).fill(-1)
    for (let s = 0; s < p.samples.length; s++) {
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
  })
  return {
    names: names.list,
    nameRank: names.ranks(),
    path: () => null,
    flat,
    cum: cumTypes.length > 0 ? cum : null,
  }
}

// A path's representative: a stack entry of a profile of the series that ends the path.
interface Representative {
  profile: number
  entry: number
}

/**
 * Per call path (function names from root to leaf): the sum of the samples whose stack is that
 * path. Paths are matched across snapshots by a 53-bit hash of their names, checked name by
 * name against a representative, so that a hash collision cannot merge two paths.
 */
export function pathTable(profiles: readonly Profile[], types: readonly HeapTypeName[]): LeakTable {
  const names = new Names()
  const funcNames: Int32Array[] = []
  const reps: Representative[] = []
  const byHash = new Map<number, number[]>()
  const n = profiles.length
  const self = emptyColumns(types, n)
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
  profiles.forEach((p, i) => {
    funcNames.push(names.ofFuncs(p))
    const [h1, h2] = pathHashes(p, funcNames[i])
    const pathOfLeaf = new Int32Array(p.stacks.length).fill(-1)
    const pathOf = (leaf: number): number => {
      if (pathOfLeaf[leaf] >= 0) return pathOfLeaf[leaf]
      const hash = (h1[leaf] >>> 0) * 2 ** 21 + (h2[leaf] >>> 11)
      const candidates = byHash.get(hash) ?? []
      let id = candidates.find((c) => samePath(reps[c].profile, reps[c].entry, i, leaf))
      if (id === undefined) {
        id = reps.length
        reps.push({profile: i, entry: leaf})
        candidates.push(id)
        byHash.set(hash, candidates)
      }
      pathOfLeaf[leaf] = id
      return id
    }
    for (const t of types) {
      const values = p.samples.values[sampleTypeIndex(p, t)]
      const grid = self.get(t) as Grid
      for (let s = 0; s < values.length; s++) {
        const st = p.samples.stack[s]
        if (st >= 0 && values[s] !== 0) grid.add(pathOf(st), i, values[s])
      }
    }
  })
  const pathNames = (key: number): string[] => {
    const {profile, entry} = reps[key]
    const out: string[] = []
    const prefix = profiles[profile].stacks.prefix
    for (let e = entry; e >= 0; e = prefix[e]) out.push(names.list[nameAt(profile, e)])
    return out.reverse()
  }
  const leafNames = reps.map(({profile, entry}) => nameAt(profile, entry))
  const rank = names.ranks()
  return {
    names: leafNames.map((id) => names.list[id]),
    nameRank: Int32Array.from(leafNames, (id) => rank[id]),
    path: pathNames,
    flat: self,
    cum: null,
  }
}

// Per stack entry, two 32-bit hashes of its path's function names (53 bits of them are used).
function pathHashes(p: Profile, funcName: Int32Array): [Int32Array, Int32Array] {
  const count = p.stacks.length
  const h1 = new Int32Array(count)
  const h2 = new Int32Array(count)
  for (let e = 0; e < count; e++) {
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
  return [h1, h2]
}

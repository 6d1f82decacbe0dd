// A fake layered Go code base: packages stacked in levels (handlers on top, storage and
// utilities at the bottom), functions that call a few functions one or two levels down or
// later in their own level, so every walk from a root terminates and stacks share prefixes.

import {FLAT_SIZES, LEAF_CHAINS, ROOTS, libraryFile} from './library.mjs'
import {zipfTable} from './prng.mjs'

const ORGS = ['github.com/acme', 'github.com/globex', 'gitlab.com/initech', 'go.example.org', 'github.com/umbrella-corp']
const NOUNS = ('account admin agent alloc arena batch billing bitmap block bloom bucket cache channel cluster codec ' +
  'config conn consensus consumer cron cursor dag decoder digest doc driver election event feed flag flow flush ' +
  'graph grpc hash hint http index inode job journal lease lexer limiter link loader log mapper matcher merge ' +
  'meta metric migrate model monitor node object order packet parser partition peer pipeline planner policy pool ' +
  'printer probe profile proto query queue quota raft range rebalance record region registry replica resource ' +
  'retry ring router rule scanner scheduler schema search segment selector sender session shard sink slab socket ' +
  'sorter split stage state store stream symbol table task tenant token trie user vector version view wal watcher ' +
  'window worker').split(' ')
const TYPES = ('Cache Client Config Conn Consensus Consumer Cursor Dag Digest Doc Encoder Entry Event Handler Index ' +
  'Inode Job Lexer Link Manager Node Order Pipeline Planner Pool Range Reader Rebalance Record Region Registry ' +
  'Replica Rule Scanner Server Service Session Shard Sink Slab Socket Store Stream Table Trie Validator View Writer').split(' ')
const VERBS = ('Add Apply Build Close Compact Decode Delete Do Drain Encode Execute Fetch Find Flush Get Handle Insert ' +
  'Load Lookup Marshal Match Merge Next Normalize Open Parse Plan Process Put Read Rebuild Refresh Render Resolve ' +
  'Run Scan Send Serve Start Store Sync Transform Unmarshal Update Validate Walk Write').split(' ')

/** Number of code-base levels; level 0 holds the request handlers. */
export const LEVELS = 24
/** Callee slots per function are numbered below this; allocation sites use slots from here on. */
export const ALLOC_SLOT = 8
/** Slot of a function's recursive call to itself. */
export const SELF_SLOT = 7

/**
 * @typedef {object} CodeBase
 * @property {string[]} names Go function names (application, then library)
 * @property {string[]} files source file of each function
 * @property {Int32Array} startLines
 * @property {number} appCount functions [0, appCount) are application code
 * @property {Uint8Array} level level of each application function
 * @property {Int32Array[]} byLevel application functions of each level
 * @property {Int32Array} calleeStart callees of f are callee[calleeStart[f] .. calleeStart[f+1])
 * @property {Int32Array} callee
 * @property {Uint8Array} calleeInline 1 when that call is inlined into the caller
 * @property {Uint8Array} recursive 1 when f may call itself (slot SELF_SLOT)
 * @property {Int32Array} allocStart alloc sites of f are alloc[allocStart[f] .. allocStart[f+1])
 * @property {Int32Array} alloc -1 = allocates itself (make/new/append), else index into chains
 * @property {{frames: Int32Array, inline: Uint8Array, rec: Int32Array | null, recMax: number, sizes: number[]}[]} chains
 * @property {{frames: Int32Array, entries: Int32Array}[]} roots
 * @property {Float64Array} rootCum cumulative root weights
 * @property {Float64Array} chainCum cumulative chain weights
 * @property {number[]} flatSizes
 */

/**
 * Builds the code base. Deterministic for a given rng state.
 * @param {import('./prng.mjs').Rng} rng
 * @param {{functions?: number}} [opts] approximate number of application functions
 * @returns {CodeBase}
 */
export function buildCodeBase(rng, opts = {}) {
  const target = opts.functions ?? 24000
  /** @type {string[]} */
  const names = []
  /** @type {string[]} */
  const files = []
  /** @type {number[]} */
  const starts = []
  /** @type {number[]} */
  const levels = []
  const seen = new Set()

  const pkgCount = Math.ceil(target / 18)
  for (let p = 0; p < pkgCount && names.length < target; p++) {
    const lvl = Math.min(LEVELS - 1, Math.floor((p / pkgCount) * LEVELS))
    const org = rng.pick(ORGS)
    const repo = rng.pick(NOUNS)
    const mid = rng.chance(0.5) ? `/${rng.pick(['internal', 'pkg'])}` : ''
    const sub = rng.chance(0.4) ? `/${rng.pick(NOUNS)}` : ''
    const pkgName = rng.pick(NOUNS)
    const pkgPath = `${org}/${repo}${mid}${sub}/${pkgName}`
    const fileNames = Array.from({length: rng.range(2, 6)}, () => `/src/${pkgPath}/${pkgName}_${rng.pick(NOUNS)}.go`)
    const types = Array.from({length: rng.range(1, 4)}, () => rng.pick(TYPES))
    const nFuncs = rng.range(8, 28)
    for (let i = 0; i < nFuncs && names.length < target; i++) {
      const r = rng.next()
      const noun = rng.pick(TYPES)
      let fn
      if (r < 0.45) fn = `(*${rng.pick(types)}).${rng.pick(VERBS)}`
      else if (r < 0.6) fn = `${rng.pick(types)}.${rng.pick(VERBS)}`
      else if (r < 0.85) fn = `${rng.pick(VERBS)}${noun}`
      else fn = `${rng.pick(VERBS).toLowerCase()}${noun}`
      if (rng.chance(0.1)) fn += `.func${rng.range(1, 3)}`
      const name = `${pkgPath}.${fn}`
      if (seen.has(name)) continue
      seen.add(name)
      names.push(name)
      files.push(rng.pick(fileNames))
      starts.push(rng.range(20, 900))
      levels.push(lvl)
    }
  }
  const appCount = names.length

  const libIndex = new Map()
  const lib = (/** @type {string} */ name) => {
    let i = libIndex.get(name)
    if (i === undefined) {
      i = names.length
      libIndex.set(name, i)
      names.push(name)
      files.push(libraryFile(name))
      starts.push(40 + (name.length * 37) % 700)
    }
    return i
  }
  const chains = LEAF_CHAINS.map((c) => {
    const inline = new Uint8Array(c.frames.length)
    for (const i of c.inline ?? []) inline[i] = 1
    return {
      frames: Int32Array.from(c.frames, lib),
      inline,
      rec: c.rec ? Int32Array.from(c.rec.pair, lib) : null,
      recMax: c.rec?.max ?? 0,
      sizes: c.sizes,
    }
  })
  const cumOf = (/** @type {number[]} */ w) => {
    let t = 0
    const c = Float64Array.from(w, (x) => (t += x))
    return c.map((x) => x / t)
  }

  const level = Uint8Array.from(levels)
  /** @type {number[][]} */
  const lists = Array.from({length: LEVELS}, () => [])
  for (let f = 0; f < appCount; f++) lists[level[f]].push(f)
  const byLevel = lists.map((l) => Int32Array.from(l))
  // Handler sets of different servers are disjoint; a level is much bigger than all of them.
  const used = new Uint8Array(LEVELS)
  const roots = ROOTS.map((r) => {
    const list = byLevel[r.entryLevel]
    const from = used[r.entryLevel] === 0 ? 0 : Math.floor(list.length / 2)
    used[r.entryLevel]++
    return {frames: Int32Array.from(r.frames, lib), entries: list.slice(from, from + r.entries)}
  })

  // Callees: mostly the next level, sometimes later in the same level or two levels down.
  const calleeStart = new Int32Array(appCount + 1)
  /** @type {number[]} */
  const callee = []
  /** @type {number[]} */
  const calleeInline = []
  const recursive = new Uint8Array(appCount)
  const pickIn = (/** @type {number} */ lvl, /** @type {number} */ after) => {
    const list = byLevel[lvl]
    if (after < 0) return list[rng.int(list.length)]
    // a function later in the same level, close by (same package or a neighbour)
    let lo = 0
    while (lo < list.length && list[lo] <= after) lo++
    if (lo >= list.length) return -1
    return list[Math.min(list.length - 1, lo + rng.int(Math.min(60, list.length - lo)))]
  }
  for (let f = 0; f < appCount; f++) {
    calleeStart[f] = callee.length
    const lvl = level[f]
    if (lvl === LEVELS - 1 && rng.chance(0.5)) continue
    const n = rng.range(1, 4)
    for (let k = 0; k < n; k++) {
      const r = rng.next()
      let g
      if (r < 0.3 || lvl >= LEVELS - 2) g = pickIn(lvl, f)
      else if (r < 0.85) g = pickIn(lvl + 1, -1)
      else g = pickIn(lvl + 2, -1)
      if (g < 0) continue
      callee.push(g)
      calleeInline.push(rng.chance(0.08) ? 1 : 0)
    }
    if (rng.chance(0.07)) recursive[f] = 1
  }
  calleeStart[appCount] = callee.length

  // Allocation sites: the function allocates itself or calls into a library chain.
  const chainCum = cumOf(LEAF_CHAINS.map((c) => c.weight))
  const allocStart = new Int32Array(appCount + 1)
  /** @type {number[]} */
  const alloc = []
  for (let f = 0; f < appCount; f++) {
    allocStart[f] = alloc.length
    const n = rng.range(1, 3)
    for (let k = 0; k < n; k++) {
      if (rng.chance(0.45)) alloc.push(-1)
      else {
        const x = rng.next()
        let c = 0
        while (chainCum[c] < x) c++
        alloc.push(c)
      }
    }
  }
  allocStart[appCount] = alloc.length

  return {
    names,
    files,
    startLines: Int32Array.from(starts),
    appCount,
    level,
    byLevel,
    calleeStart,
    callee: Int32Array.from(callee),
    calleeInline: Uint8Array.from(calleeInline),
    recursive,
    allocStart,
    alloc: Int32Array.from(alloc),
    chains,
    roots,
    rootCum: cumOf(ROOTS.map((r) => r.weight)),
    chainCum,
    flatSizes: FLAT_SIZES,
  }
}

/** Skew of the callee choice: the first callee of a function is by far the most common. */
export const CALLEE_CUM = zipfTable(8, 2)
/** Skew of the entry-point choice among a root's entry functions (handlers, loops). */
export const ENTRY_EXPONENT = 1.3

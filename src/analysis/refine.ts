import {IntPairTable} from '../decode/tables'
import type {Profile} from '../model/profile'
import {nextDiffProfileId} from './diff'
import {compileGoRegexp} from './go-regexp'
import {funcMappings} from './mapping'
import {StackInterner} from './stack-interner'

/**
 * pprof's refinements -focus, -ignore, -hide, -show and -show_from (profile/filter.go,
 * driver.applyFocus), on the model. A pprof Location is recovered from the frames of a stack:
 * its outermost line is a frame with inlined = 0, followed leafward by its inlined frames.
 *
 * - A location matches a regexp when one of its lines' function name or file name does, or its
 *   mapping file does (see mapping.ts for what the model knows of mappings).
 * - focus / ignore: keep a sample iff no location matches ignore and one (not ignored) matches
 *   focus; without focus, any location will do, so samples with an empty stack always go.
 * - hide: remove the matching lines (all of them if the mapping matches); show: keep only the
 *   matching lines (all if the mapping matches; a location without lines goes). A location left
 *   without lines leaves the stack; a sample left without locations is dropped.
 * - show_from (after the above): in each matching location keep the lines from the outermost
 *   match leafward; cut each stack above its rootmost matching location; drop samples without one.
 * Within a location that lost lines, the outermost remaining line is the non-inlined one.
 * Focus/ignore match the original lines; show_from matches the lines left by hide/show.
 *
 * The report total is NOT that of the refined profile: pprof computes it before refining, so
 * pass sampleTotal(original, type) as the total of the reports of a refined profile.
 */

/** Regexps in Go RE2 syntax (see go-regexp.ts); '' or absent: not set. */
export interface RefineOptions {
  focus?: string
  ignore?: string
  hide?: string
  show?: string
  showFrom?: string
}

/** The refined profile and what pprof would print on stderr. */
export interface RefineResult {
  /** A new profile (same strings and funcs), or the input itself when no option is set. */
  profile: Profile
  /** pprof's stderr warnings, e.g. "Focus expression matched no samples", in pprof's order. */
  warnings: string[]
}

type Matcher = RegExp | null

interface Matchers {
  focus: Matcher
  ignore: Matcher
  hide: Matcher
  show: Matcher
  showFrom: Matcher
}

// Per function, bit flags: line matches (name or file) and mapping matches, per regexp.
const BIT = {focus: 1, ignore: 2, hide: 4, show: 8, showFrom: 16} as const
type Kind = keyof typeof BIT

/**
 * Applies the refinements in pprof's order. Throws "parsing focus regexp: …" for a bad regexp.
 * Linear in stack entries + samples: each location is refined once, at its leafmost stack entry.
 */
export function refineProfile(profile: Profile, options: RefineOptions): RefineResult {
  const rx = compileAll(options)
  if (!rx.focus && !rx.ignore && !rx.hide && !rx.show && !rx.showFrom) {
    return {profile, warnings: []}
  }
  const {lineBits, mapBits, pseudo} = matchFuncs(profile, rx)
  const {stacks, frames} = profile
  const n = stacks.length
  const frameFunc = frames.func
  const frameInlined = frames.inlined

  // locStart[i]: the entry of the outermost line of i's location; isEnd: ends a location.
  const locStart = new Int32Array(n)
  const isEnd = new Uint8Array(n)
  for (let i = 0; i < n; i++) {
    const p = stacks.prefix[i]
    const startsLocation = frameInlined[stacks.frame[i]] === 0 || p < 0
    locStart[i] = startsLocation ? i : locStart[p]
    if (startsLocation && p >= 0) isEnd[p] = 1
  }
  for (let s = 0; s < profile.samples.length; s++) {
    const st = profile.samples.stack[s]
    if (st >= 0) isEnd[st] = 1
  }

  const out = new StackBuilder(profile)
  const refiner = new LocationRefiner(rx, frameFunc, lineBits, mapBits, pseudo)
  const newStack = new Int32Array(n).fill(-1)
  const ignored = new Uint8Array(n) // a location on the path (root..end) matches ignore
  const focused = new Uint8Array(n) // a location on the path is focused and not ignored
  const started = new Uint8Array(n) // show_from: a location on the path matched
  for (let e = 0; e < n; e++) {
    if (isEnd[e] === 0) continue
    const q = stacks.prefix[locStart[e]] // the previous location's end, or -1
    const loc = refiner.refine(stacks, locStart[e], e)
    ignored[e] = (q >= 0 ? ignored[q] : 0) | (loc.ignored ? 1 : 0)
    focused[e] = (q >= 0 ? focused[q] : 0) | (loc.focused ? 1 : 0)
    const above = q >= 0 && started[q] === 1
    started[e] = above || (loc.showFrom && !loc.hidden) ? 1 : 0
    let base = q >= 0 ? newStack[q] : -1
    if (rx.showFrom && !above) {
      if (!loc.showFrom || loc.hidden) continue // nothing kept yet on this path
      base = -1
    }
    newStack[e] = loc.hidden ? base : out.append(base, refiner.lines, refiner.count)
  }

  const keep: number[] = []
  const stackOf: number[] = []
  for (let s = 0; s < profile.samples.length; s++) {
    const e = profile.samples.stack[s]
    if (e < 0 || ignored[e] === 1 || focused[e] === 0) continue
    if (rx.showFrom && started[e] === 0) continue
    if (newStack[e] < 0) continue
    keep.push(s)
    stackOf.push(newStack[e])
  }
  return {profile: out.build(keep, stackOf), warnings: warningsOf(rx, refiner.matched)}
}

function compileAll(options: RefineOptions): Matchers {
  const compile = (value: string | undefined, name: string): Matcher =>
    value ? compileGoRegexp(value, name) : null
  return {
    focus: compile(options.focus, 'focus'),
    ignore: compile(options.ignore, 'ignore'),
    hide: compile(options.hide, 'hide'),
    show: compile(options.show, 'show'),
    showFrom: compile(options.showFrom, 'show_from'),
  }
}

// Each regexp is run once per function (name, file) and once per distinct mapping file.
function matchFuncs(profile: Profile, rx: Matchers) {
  const {pseudo, mapping} = funcMappings(profile)
  const n = profile.funcs.length
  const lineBits = new Uint8Array(n)
  const mapBits = new Uint8Array(n)
  const byMapping = new Map<string, number>()
  for (let f = 0; f < n; f++) {
    const name = profile.strings[profile.funcs.name[f]]
    const file = profile.strings[profile.funcs.file[f]]
    let mbits = byMapping.get(mapping[f])
    if (mbits === undefined) {
      mbits = mapping[f] === '' ? 0 : bitsOf(rx, (re) => re.test(mapping[f]))
      byMapping.set(mapping[f], mbits)
    }
    mapBits[f] = mbits
    if (pseudo[f] === 0) lineBits[f] = bitsOf(rx, (re) => re.test(name) || re.test(file))
  }
  return {lineBits, mapBits, pseudo}
}

function bitsOf(rx: Matchers, test: (re: RegExp) => boolean): number {
  let bits = 0
  for (const kind of Object.keys(BIT) as Kind[]) {
    const re = rx[kind]
    if (re && test(re)) bits |= BIT[kind]
  }
  return bits
}

interface LocationResult {
  ignored: boolean
  focused: boolean
  hidden: boolean
  showFrom: boolean
}

// Refines one location (a run of stack entries) into `lines` / `count`, outermost line first.
// Buffers are reused: the hot loop makes no garbage for the millions of locations of a profile.
class LocationRefiner {
  lines = new Int32Array(64)
  count = 0
  readonly matched: Record<Kind, boolean> = {
    focus: false,
    ignore: false,
    hide: false,
    show: false,
    showFrom: false,
  }
  private readonly result: LocationResult = {
    ignored: false,
    focused: false,
    hidden: false,
    showFrom: false,
  }

  constructor(
    private readonly rx: Matchers,
    private readonly frameFunc: Int32Array,
    private readonly lineBits: Uint8Array,
    private readonly mapBits: Uint8Array,
    private readonly pseudo: Uint8Array,
  ) {}

  refine(stacks: Profile['stacks'], start: number, end: number): LocationResult {
    const {rx, frameFunc, lineBits, matched, result} = this
    let length = 1
    for (let i = end; i !== start; i = stacks.prefix[i]) length++
    if (length > this.lines.length) this.lines = new Int32Array(length * 2)
    const lines = this.lines
    let i = end
    for (let j = length - 1; j >= 0; j--, i = stacks.prefix[i]) lines[j] = stacks.frame[i]
    // All lines of a location share its mapping; the outermost line stands for it.
    const mapping = this.mapBits[frameFunc[lines[0]]]
    let any = mapping
    for (let j = 0; j < length; j++) any |= lineBits[frameFunc[lines[j]]]
    const isPseudo = length === 1 && this.pseudo[frameFunc[lines[0]]] === 1

    result.ignored = (any & BIT.ignore) !== 0
    result.focused = !result.ignored && (!rx.focus || (any & BIT.focus) !== 0)
    matched.ignore ||= result.ignored
    matched.focus ||= result.focused

    let count = isPseudo ? 0 : length
    let hidden = false
    if (rx.hide && (any & BIT.hide) !== 0) {
      matched.hide = true
      count = (mapping & BIT.hide) !== 0 ? 0 : this.keep(count, BIT.hide, 0)
      hidden = count === 0
    }
    if (rx.show) {
      if ((mapping & BIT.show) === 0) count = this.keep(count, BIT.show, BIT.show)
      // A location without lines has nothing to show, even when its mapping matches.
      hidden ||= count === 0 || isPseudo
      if (!hidden) matched.show = true
    }
    if (isPseudo && !hidden) count = 1

    result.showFrom = false
    if (rx.showFrom) {
      if ((mapping & BIT.showFrom) !== 0) result.showFrom = true
      else if (!isPseudo) {
        let first = 0
        while (first < count && (lineBits[frameFunc[lines[first]]] & BIT.showFrom) === 0) first++
        if (first < count) {
          result.showFrom = true
          lines.copyWithin(0, first, count)
          count -= first
        }
      }
      matched.showFrom ||= result.showFrom
    }
    result.hidden = hidden
    this.count = count
    return result
  }

  // Keeps the first `count` lines whose bit is `want`, in order; returns how many.
  private keep(count: number, bit: number, want: number): number {
    const {lines, frameFunc, lineBits} = this
    let kept = 0
    for (let j = 0; j < count; j++) {
      if ((lineBits[frameFunc[lines[j]]] & bit) === want) lines[kept++] = lines[j]
    }
    return kept
  }
}

function warningsOf(rx: Matchers, matched: Record<Kind, boolean>): string[] {
  const names: [Kind, string][] = [
    ['focus', 'Focus'],
    ['ignore', 'Ignore'],
    ['hide', 'Hide'],
    ['show', 'Show'],
    ['showFrom', 'ShowFrom'],
  ]
  return names
    .filter(([kind]) => rx[kind] !== null && !matched[kind])
    .map(([, label]) => `${label} expression matched no samples`)
}

/**
 * pprof's "Active filters" entries for a report legend, in pprof's order: e.g.
 * ['focus=main\\.rec', 'hide=runtime']. Empty values are left out.
 */
export function activeFilters(options: RefineOptions): string[] {
  const entries: [string, string | undefined][] = [
    ['focus', options.focus],
    ['ignore', options.ignore],
    ['hide', options.hide],
    ['show', options.show],
    ['show_from', options.showFrom],
  ]
  return entries.filter(([, v]) => v).map(([k, v]) => `${k}=${v}`)
}

// Builds the refined frame and stack tables: frames keep (func, line), with inlined recomputed.
class StackBuilder {
  private readonly frameKeys: IntPairTable // (func * 2 + inlined, line)
  private readonly frameOf: Int32Array // old frame * 2 + new inlined → new frame, -1 unknown
  private readonly stackKeys: StackInterner

  constructor(private readonly profile: Profile) {
    this.frameOf = new Int32Array(profile.frames.length * 2).fill(-1)
    this.frameKeys = new IntPairTable(Math.min(profile.frames.length, 1 << 16))
    this.stackKeys = new StackInterner(profile.stacks.length, profile.frames.length * 2)
  }

  /** Appends `count` lines (outermost first) as one location below entry `base` (-1: root). */
  append(base: number, lines: Int32Array, count: number): number {
    let stack = base
    for (let j = 0; j < count; j++) stack = this.stackKeys.intern(stack, this.newFrame(lines[j], j))
    return stack
  }

  private newFrame(old: number, position: number): number {
    const inl = position === 0 ? 0 : 1
    const slot = old * 2 + inl
    let f = this.frameOf[slot]
    if (f < 0) {
      const {frames} = this.profile
      f = this.frameKeys.intern(frames.func[old] * 2 + inl, frames.line[old])
      this.frameOf[slot] = f
    }
    return f
  }

  build(keep: number[], stackOf: number[]): Profile {
    const p = this.profile
    const pick = (col: Float64Array): Float64Array => Float64Array.from(keep, (s) => col[s])
    const samples: Profile['samples'] = {
      stack: Int32Array.from(stackOf),
      values: p.samples.values.map(pick),
      bytes: p.samples.bytes ? pick(p.samples.bytes) : null,
      length: keep.length,
    }
    const isBase = p.samples.isBase
    if (isBase) samples.isBase = Uint8Array.from(keep, (s) => isBase[s])
    const funcKey = this.frameKeys.a.toArray()
    return {
      ...p,
      id: nextDiffProfileId(),
      frames: {
        func: funcKey.map((k) => k >> 1),
        line: this.frameKeys.b.toArray(),
        inlined: Uint8Array.from(funcKey, (k) => k & 1),
        length: funcKey.length,
      },
      stacks: this.stackKeys.table(),
      samples,
    }
  }
}

import {ProfileError} from './errors'

/** Per-location result of pprof's Prune, the first step of RemoveUninteresting. */
export interface LocationPrune {
  /** USER, PRUNE (the outermost line matched) or PRUNE_BENEATH (an inner line matched). */
  kind: Uint8Array
  /** The first line kept, an offset into the line arrays (pprof's `loc.Line = loc.Line[i+1:]`). */
  firstLine: Int32Array
}

/** A location no drop_frames line matched. */
export const USER = 0
/** Its outermost line matched: the whole location goes. */
export const PRUNE = 1
/** An inner line matched: the lines outer to it stay. */
export const PRUNE_BENEATH = 2

/**
 * pprof's Prune(dropRx, keepRx) at the location level (profile/prune.go). The lines of each
 * location (innermost first) are scanned from the outermost; at the first whose simplified
 * function name fully matches drop_frames and not keep_frames, the location is PRUNE if that
 * was its outermost line, else it keeps only the lines outer to the match and is PRUNE_BENEATH.
 * The per-sample half (cut each stack after the first user location from the root) is done on
 * the path tree in build.ts. Returns null when drop_frames is empty (nothing to do).
 */
export function pruneLocations(
  dropFrames: string,
  keepFrames: string,
  lineStart: Int32Array,
  nLocations: number,
  lineFunction: Int32Array,
  functionName: (f: number) => string,
  nFunctions: number,
): LocationPrune | null {
  if (dropFrames === '') return null
  const drop = compileAnchored(dropFrames, 'drop_frames')
  const keep = keepFrames === '' ? null : compileAnchored(keepFrames, 'keep_frames')
  // 0 = not yet known, 1 = prune from here, 2 = keep
  const memo = new Uint8Array(nFunctions)
  const prunes = (f: number): boolean => {
    if (memo[f] === 0) {
      const name = functionName(f)
      let hit = false
      if (name !== '') {
        const simple = simplifyFunc(name)
        hit = drop.test(simple) && !(keep && keep.test(simple))
      }
      memo[f] = hit ? 1 : 2
    }
    return memo[f] === 1
  }
  const kind = new Uint8Array(nLocations)
  const firstLine = new Int32Array(nLocations)
  for (let l = 0; l < nLocations; l++) {
    const start = lineStart[l]
    const end = lineStart[l + 1]
    firstLine[l] = start
    for (let i = end - 1; i >= start; i--) {
      if (!prunes(lineFunction[i])) continue
      if (i === end - 1) kind[l] = PRUNE
      else {
        kind[l] = PRUNE_BENEATH
        firstLine[l] = i + 1
      }
      break
    }
  }
  return {kind, firstLine}
}

const reservedNames = ['(anonymous namespace)', 'operator()']
const bracketRx = /\(anonymous namespace\)|operator\(\)|\(/g

/**
 * pprof's simplifyFunc: drop a leading '.', then cut at the first '(' that does not start a
 * reserved name. So `main.(*T).M` becomes `main.` (pprof's own behaviour, kept for fidelity).
 */
export function simplifyFunc(name: string): string {
  const f = name.startsWith('.') ? name.slice(1) : name
  bracketRx.lastIndex = 0
  for (let m = bracketRx.exec(f); m; m = bracketRx.exec(f)) {
    if (!reservedNames.includes(m[0])) return f.slice(0, m.index)
  }
  return f
}

/**
 * Compiles a Go (RE2) regexp as `^(re)$` in JavaScript. The common RE2-only forms are
 * translated: a leading (?flags) group, (?P<name>, \A, \z, \Q…\E and [[:class:]].
 */
export function compileAnchored(source: string, what: string): RegExp {
  let re = source
  let flags = ''
  const lead = /^\(\?([imsU]+)\)/.exec(re)
  if (lead) {
    if (lead[1].includes('U')) throw badRegexp(what, source, 'the U flag is not supported')
    // m and s change nothing on one-line function names; i does.
    if (lead[1].includes('i')) flags = 'i'
    re = re.slice(lead[0].length)
  }
  re = re
    .replace(/\\Q(.*?)(?:\\E|$)/g, (_, lit: string) => lit.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'))
    .replace(/\(\?P</g, '(?<')
    .replace(/\\A/g, '^')
    .replace(/\\z/g, '$')
    .replace(/\[:([a-z]+):\]/g, (m, cls: string) => POSIX_CLASSES[cls] ?? m)
  try {
    return new RegExp(`^(?:${re})$`, flags)
  } catch (e) {
    throw badRegexp(what, source, e instanceof Error ? e.message : String(e))
  }
}

const POSIX_CLASSES: Record<string, string> = {
  alnum: '0-9A-Za-z',
  alpha: 'A-Za-z',
  ascii: '\\x00-\\x7F',
  blank: '\\t ',
  cntrl: '\\x00-\\x1F\\x7F',
  digit: '0-9',
  graph: '!-~',
  lower: 'a-z',
  print: ' -~',
  punct: '!-\\/:-@[-`{-~',
  space: '\\t\\n\\v\\f\\r ',
  upper: 'A-Z',
  word: '0-9A-Za-z_',
  xdigit: '0-9A-Fa-f',
}

function badRegexp(what: string, source: string, why: string): ProfileError {
  return new ProfileError(
    `malformed profile: ${what} is not a valid regular expression (${why}): ${source}`,
  )
}

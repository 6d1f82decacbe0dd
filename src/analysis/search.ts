import type {Profile} from '../model/profile'
import type {CallNodeTable, CallNodeTimings} from './call-tree'

/**
 * Search by regular expression over function names, like pprof's web UI (a JavaScript RegExp,
 * unanchored, case-sensitive, tested against the function name).
 */

/** Longer patterns are refused: they are typing accidents or attempts to stall the page. */
export const MAX_SEARCH_PATTERN_LENGTH = 1000

/**
 * regex null with error null: no search (empty pattern). error: a plain-words message for the
 * user, e.g. "Not a valid regular expression: unterminated group".
 */
export type CompiledSearch = {regex: RegExp | null; error: null} | {regex: null; error: string}

/** Compiles a search pattern. Never throws. */
export function compileSearch(pattern: string): CompiledSearch {
  if (pattern === '') return {regex: null, error: null}
  if (pattern.length > MAX_SEARCH_PATTERN_LENGTH) {
    return {
      regex: null,
      error:
        `The search pattern is too long (${pattern.length} characters; ` +
        `at most ${MAX_SEARCH_PATTERN_LENGTH}).`,
    }
  }
  try {
    return {regex: new RegExp(pattern), error: null}
  } catch (e) {
    return {regex: null, error: 'Not a valid regular expression: ' + syntaxReason(e)}
  }
}

// V8 says "Invalid regular expression: /(/: Unterminated group": keep the reason only.
function syntaxReason(e: unknown): string {
  const message = e instanceof Error ? e.message : String(e)
  const reason = message.replace(/^Invalid regular expression: \/[\s\S]*\/[a-z]*: /, '')
  return reason.charAt(0).toLowerCase() + reason.slice(1)
}

export interface SearchMatches {
  /** 1 where the call node's function name matches. */
  nodeMatches: Uint8Array
  /** 1 where the function's name matches (indexed like profile.funcs). */
  funcMatches: Uint8Array
  /** Number of functions whose name matches. */
  matchedFuncs: number
  /**
   * Σ|v| of the samples whose stack contains a matching function, each sample once even when
   * several nested frames match: the sum of timings.total over the top-most matching call nodes.
   */
  matchedTotal: number
}

/** Matches `regex` against every function name once, then marks call nodes and sums totals. */
export function computeSearchMatches(
  profile: Profile,
  table: CallNodeTable,
  timings: CallNodeTimings,
  regex: RegExp,
): SearchMatches {
  const {funcs, strings} = profile
  // A global or sticky regex keeps state between tests: use a stateless copy.
  const stateful = regex.global || regex.sticky
  const re = stateful ? new RegExp(regex.source, regex.flags.replace(/[gy]/g, '')) : regex
  // Per string index: 0 untested, 1 match, 2 no match (names repeat across files).
  const byString = new Uint8Array(strings.length)
  const funcMatches = new Uint8Array(funcs.length)
  let matchedFuncs = 0
  for (let f = 0; f < funcs.length; f++) {
    const s = funcs.name[f]
    if (byString[s] === 0) byString[s] = re.test(strings[s]) ? 1 : 2
    if (byString[s] === 1) {
      funcMatches[f] = 1
      matchedFuncs++
    }
  }
  const nodeMatches = new Uint8Array(table.length)
  for (let i = 0; i < table.length; i++) nodeMatches[i] = funcMatches[table.func[i]]
  // Pre-order: on a match, add its subtree and skip it, so nested matches count once.
  let matchedTotal = 0
  for (let i = 0; i < table.length; ) {
    if (nodeMatches[i] === 1) {
      matchedTotal += timings.total[i]
      i = table.subtreeEnd[i]
    } else {
      i++
    }
  }
  return {nodeMatches, funcMatches, matchedFuncs, matchedTotal}
}

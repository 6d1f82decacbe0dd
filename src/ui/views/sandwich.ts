import type {CallNodeTable} from '../../analysis/call-tree'
import type {FlameDatum} from '../flame-graph/flame-hierarchy'

/**
 * The sandwich of a function (pprof's flame graph pivot, speedscope's sandwich): every call
 * path into it merged into one inverted tree of callers, every call out of it merged into one
 * tree of callees. Only its outermost occurrences count (none of their ancestors is the
 * function), so that recursion is counted once: both roots weigh the function's cum, and a
 * recursive call shows as the function again among its callees.
 */

export interface Sandwich {
  /** The function at the root, its callers as children (each path read upwards). */
  callers: FlameDatum
  /** The function at the root, its callees as children. */
  callees: FlameDatum
  /** Per datum id (FlameDatum.node): the function index of that frame (-1: the root). */
  funcOf: number[]
  /** Outermost occurrences merged. */
  occurrences: number
}

/**
 * Builds both trees. `matches(func)`: is this function (an index into the profile's funcs)
 * the sandwiched one (several at lines granularity); `total`: per call node, ≥ 0; `label`:
 * a frame's box text; frames narrower than `minFraction` of the root are left out with their
 * subtrees.
 */
export function buildSandwich(
  table: CallNodeTable,
  total: Float64Array,
  matches: (func: number) => boolean,
  rootName: string,
  label: (func: number) => string,
  minFraction = 0,
): Sandwich {
  const funcOf: number[] = [-1, -1]
  const callers: FlameDatum = {name: rootName, value: 0, node: 0}
  const callees: FlameDatum = {name: rootName, value: 0, node: 1}
  const kids = new Map<FlameDatum, Map<number, FlameDatum>>()
  const child = (parent: FlameDatum, call: number): FlameDatum => {
    let byKey = kids.get(parent)
    if (!byKey) {
      byKey = new Map()
      kids.set(parent, byKey)
    }
    const key = table.func[call] * 2 + table.inlined[call]
    let d = byKey.get(key)
    if (!d) {
      d = {name: label(table.func[call]), value: 0, node: funcOf.length}
      funcOf.push(table.func[call])
      ;(parent.children ??= []).push(d)
      byKey.set(key, d)
    }
    return d
  }

  // inside[i] = number of matching frames from the root down to i, inclusive (> 0: inside).
  const inside = new Int32Array(table.length)
  let occurrences = 0
  const datumOf = new Map<number, FlameDatum>() // call node → callee datum, within occurrences
  for (let i = 0; i < table.length; i++) {
    const p = table.parent[i]
    const above = p >= 0 ? inside[p] : 0
    const own = matches(table.func[i]) ? 1 : 0
    inside[i] = above + own
    if (total[i] === 0) continue
    if (above === 0 && own === 1) {
      occurrences++
      const w = total[i]
      callers.value += w
      callees.value += w
      datumOf.set(i, callees)
      let d = callers
      for (let a = p; a >= 0; a = table.parent[a]) {
        d = child(d, a)
        d.value += w
      }
    } else if (above > 0) {
      const parentDatum = datumOf.get(p)
      if (!parentDatum) continue
      const d = child(parentDatum, i)
      d.value += total[i]
      datumOf.set(i, d)
    }
  }
  if (minFraction > 0) {
    prune(callers, callers.value * minFraction)
    prune(callees, callees.value * minFraction)
  }
  return {callers, callees, funcOf, occurrences}
}

// Drops children below minValue, with their subtrees; no recursion (trees can be deep).
function prune(root: FlameDatum, minValue: number): void {
  const stack = [root]
  while (stack.length > 0) {
    const d = stack.pop()!
    if (!d.children) continue
    d.children = d.children.filter((c) => c.value >= minValue)
    if (d.children.length === 0) delete d.children
    else for (const c of d.children) stack.push(c)
  }
}

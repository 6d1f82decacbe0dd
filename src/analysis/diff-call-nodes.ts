import type {Profile} from '../model/profile'
import type {CallNodeTable} from './call-tree'
import {isBaseColumn} from './diff'

/**
 * Per call node of a merged profile's call tree (call-tree.ts), how much of it is base and how
 * much current, for a diff flame graph: colour a frame by current − base and show base → current
 * in its tooltip.
 *
 * - On a 'diff_base' merge (the one to use for this), samples carry isBase, so base and current
 *   are exactly the two snapshots' values (current after -normalize's scaling, if asked).
 * - On a 'base' merge, identical samples have already cancelled, so only the sign is left: a
 *   negative net sample counts as base, a positive one as current. These are pprof's flame graph
 *   `sumneg` / `sumpos`: what shrank and what grew, not the snapshots' values.
 *
 * Either way current − base is the node's net value, and base + current its width in pprof's
 * diff flame graph (Σ|v|, call-tree.ts's `total`).
 */
export interface CallNodeDiff {
  /** Base value of the samples whose leaf is the node (>= 0 for ordinary profiles). */
  baseSelf: Float64Array
  /** Base value of the samples in the node's subtree, the node included. */
  baseTotal: Float64Array
  currentSelf: Float64Array
  currentTotal: Float64Array
  /** Σ over the roots: samples with an empty stack are in no node and not here either. */
  rootBase: number
  rootCurrent: number
}

/**
 * Base and current per call node, for one sample type (an index into merged.sampleTypes).
 * `table` must be the call-node table of `merged`. One pass over the samples, one reverse pass
 * over the table.
 */
export function computeCallNodeDiff(
  merged: Profile,
  table: CallNodeTable,
  sampleType: number,
): CallNodeDiff {
  const values = merged.samples.values[sampleType]
  const sampleStack = merged.samples.stack
  const isBase = isBaseColumn(merged)
  const baseSelf = new Float64Array(table.length)
  const currentSelf = new Float64Array(table.length)
  for (let s = 0; s < values.length; s++) {
    const st = sampleStack[s]
    if (st < 0) continue
    const node = table.stackToCallNode[st]
    const v = values[s]
    const fromBase = isBase !== null ? isBase[s] === 1 : v < 0
    if (fromBase) baseSelf[node] -= v
    else currentSelf[node] += v
  }
  const baseTotal = baseSelf.slice()
  const currentTotal = currentSelf.slice()
  let rootBase = 0
  let rootCurrent = 0
  // Children come after their parents, so a reverse loop finishes a subtree before its parent.
  for (let i = table.length - 1; i >= 0; i--) {
    const p = table.parent[i]
    if (p >= 0) {
      baseTotal[p] += baseTotal[i]
      currentTotal[p] += currentTotal[i]
    } else {
      rootBase += baseTotal[i]
      rootCurrent += currentTotal[i]
    }
  }
  return {baseSelf, baseTotal, currentSelf, currentTotal, rootBase, rootCurrent}
}

/** How a value moved from base to current; 'same' when equal (both 0 included). */
export type ChangeKind = 'added' | 'removed' | 'grew' | 'shrank' | 'same'

/** 'added' when base is 0 and current is not, 'removed' the reverse, else by the delta's sign. */
export function changeKind(base: number, current: number): ChangeKind {
  if (base === current) return 'same'
  if (base === 0) return 'added'
  if (current === 0) return 'removed'
  return current > base ? 'grew' : 'shrank'
}

/**
 * (current − base) / base, e.g. 0.5 for +50%: +Infinity for an added value, 0 when both are 0.
 * Meant for a diverging colour scale (clamp it).
 */
export function relativeChange(base: number, current: number): number {
  if (base === current) return 0
  if (base === 0) return current > 0 ? Infinity : -Infinity
  return (current - base) / Math.abs(base)
}

import {callNodeChildren, type CallNodeTable} from '../../analysis/call-tree'

/**
 * The rows of the expandable call tree: call nodes in display order (children by total
 * descending), only below expanded nodes, no recursion (stacks can be thousands deep).
 */

/** Children of a node (roots for -1) with a nonzero total, heaviest first, then by index. */
export function sortedChildren(table: CallNodeTable, total: Float64Array, node: number): number[] {
  return callNodeChildren(table, node)
    .filter((c) => total[c] !== 0)
    .sort((a, b) => Math.abs(total[b]) - Math.abs(total[a]) || a - b)
}

/** The visible rows: roots, and the children of every expanded row, depth first. */
export function visibleRows(
  table: CallNodeTable,
  total: Float64Array,
  expanded: ReadonlySet<number>,
): number[] {
  const rows: number[] = []
  const stack = sortedChildren(table, total, -1).reverse()
  while (stack.length > 0) {
    const node = stack.pop()!
    rows.push(node)
    if (expanded.has(node)) {
      const children = sortedChildren(table, total, node)
      for (let i = children.length - 1; i >= 0; i--) stack.push(children[i])
    }
  }
  return rows
}

/**
 * The nodes to expand at first, as the Firefox Profiler does: down the heaviest path while
 * one child carries at least half of its parent, at most `maxDepth` levels.
 */
export function heaviestPath(table: CallNodeTable, total: Float64Array, maxDepth = 40): number[] {
  const path: number[] = []
  let children = sortedChildren(table, total, -1)
  let parentTotal = children.reduce((s, c) => s + Math.abs(total[c]), 0)
  while (children.length > 0 && path.length < maxDepth) {
    const top = children[0]
    if (Math.abs(total[top]) * 2 < parentTotal) break
    path.push(top)
    parentTotal = Math.abs(total[top])
    children = sortedChildren(table, total, top)
  }
  return path
}

/** Does a call node have a child with a nonzero total? */
export function hasChildren(table: CallNodeTable, total: Float64Array, node: number): boolean {
  for (let c = node + 1; c < table.subtreeEnd[node]; c = table.subtreeEnd[c]) {
    if (total[c] !== 0) return true
  }
  return false
}

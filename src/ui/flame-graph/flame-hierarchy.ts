/**
 * The object tree d3-flame-graph draws, built from the call-node table and one sample type's
 * timings. This is the only place the profile becomes one object per node, so it is pruned
 * first: a frame narrower than `minPx` at the current zoom is left out (with its subtree), and
 * only the path down to the zoomed frame is kept above it.
 */

/** The per-node data d3-flame-graph reads (`name`, `value`, `children`) plus our call node. */
export interface FlameDatum {
  name: string
  value: number
  children?: FlameDatum[]
  /** Index into the call-node table, -1 for the synthetic root. */
  node: number
  /** d3-flame-graph writes its zoom flags onto the data: declared so they type-check. */
  fade?: boolean
  hide?: boolean
}

export interface CallTreeShape {
  func: Int32Array
  inlined: Uint8Array
  parent: Int32Array
  length: number
}

export interface FlameHierarchy {
  root: FlameDatum
  /** The datum of the zoomed frame (the root when not zoomed). */
  focus: FlameDatum
  /** The call path that was actually found (a prefix of the requested one when it vanished). */
  focusPath: number[]
  /** Frames with a nonzero value under the focus that were too narrow to draw. */
  pruned: number
  /** Frames handed to the chart. */
  shown: number
}

/** One key per frame of a call path: a function, and whether it was reached by inlining. */
export function frameKey(table: CallTreeShape, node: number): number {
  return table.func[node] * 2 + table.inlined[node]
}

/** The call path (frame keys from the root) of a call node. */
export function callPathOf(table: CallTreeShape, node: number): number[] {
  const path: number[] = []
  for (let n = node; n !== -1; n = table.parent[n]) path.push(frameKey(table, n))
  return path.reverse()
}

/**
 * Build the tree. `total` holds each call node's inclusive value (nonnegative), `rootTotal` the
 * profile's total, `label(node)` the text on a call node's box.
 * Children lists come from one pass over the table (parents precede children), no recursion.
 */
export function buildFlameHierarchy(
  table: CallTreeShape,
  total: Float64Array,
  rootTotal: number,
  zoomPath: readonly number[],
  widthPx: number,
  minPx: number,
  label: (node: number) => string,
): FlameHierarchy {
  const n = table.length
  // Children of each node, as linked lists (first child / next sibling), built in index order.
  const firstChild = new Int32Array(n + 1).fill(-1) // slot n = the root
  const nextSibling = new Int32Array(n).fill(-1)
  const lastChild = new Int32Array(n + 1).fill(-1)
  for (let i = 0; i < n; i++) {
    const p = table.parent[i] === -1 ? n : table.parent[i]
    if (lastChild[p] === -1) firstChild[p] = i
    else nextSibling[lastChild[p]] = i
    lastChild[p] = i
  }

  // Walk the zoom path as far as it still exists.
  const focusPath: number[] = []
  let focusNode = -1
  for (const key of zoomPath) {
    let found = -1
    for (let c = firstChild[focusNode === -1 ? n : focusNode]; c !== -1; c = nextSibling[c]) {
      if (frameKey(table, c) === key && total[c] > 0) {
        found = c
        break
      }
    }
    if (found === -1) break
    focusNode = found
    focusPath.push(key)
  }
  const focusTotal = focusNode === -1 ? rootTotal : total[focusNode]
  const threshold = focusTotal > 0 ? (minPx * focusTotal) / Math.max(1, widthPx) : Infinity

  const root: FlameDatum = {name: 'root', value: rootTotal, node: -1}
  const datumOf = new Map<number, FlameDatum>()
  // The chain from the root down to the focus: one child each.
  let chainTop = root
  for (let i = 0, c = -1; i < focusPath.length; i++) {
    for (c = firstChild[c === -1 ? n : c]; c !== -1; c = nextSibling[c]) {
      if (frameKey(table, c) === focusPath[i] && total[c] > 0) break
    }
    const d: FlameDatum = {name: label(c), value: total[c], node: c}
    chainTop.children = [d]
    chainTop = d
  }
  const focus = chainTop

  // The focus subtree, breadth first with an explicit queue, pruned by width.
  let pruned = 0
  let shown = focusPath.length
  const queue: number[] = [focusNode]
  datumOf.set(focusNode, focus)
  for (let q = 0; q < queue.length; q++) {
    const parentNode = queue[q]
    const parentDatum = datumOf.get(parentNode)!
    datumOf.delete(parentNode)
    for (let c = firstChild[parentNode === -1 ? n : parentNode]; c !== -1; c = nextSibling[c]) {
      const v = total[c]
      if (v <= 0) continue
      if (v < threshold) {
        pruned += countNonzeroSubtree(c, firstChild, nextSibling, total)
        continue
      }
      const d: FlameDatum = {name: label(c), value: v, node: c}
      ;(parentDatum.children ??= []).push(d)
      datumOf.set(c, d)
      queue.push(c)
      shown++
    }
  }
  return {root, focus, focusPath, pruned, shown}
}

function countNonzeroSubtree(
  start: number,
  firstChild: Int32Array,
  nextSibling: Int32Array,
  total: Float64Array,
): number {
  let count = 0
  const stack = [start]
  while (stack.length > 0) {
    const node = stack.pop()!
    if (total[node] <= 0) continue
    count++
    for (let c = firstChild[node]; c !== -1; c = nextSibling[c]) stack.push(c)
  }
  return count
}

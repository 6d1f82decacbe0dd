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
  /**
   * The call-node table's pre-order subtree ends. With them, a node's children are found
   * without a pass over the whole table, so a build costs what is drawn, not the tree's size.
   */
  subtreeEnd?: Int32Array
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
  /** The minimum frame width used, in px: `minPx`, or more to keep within `maxFrames`. */
  minPx: number
  /**
   * Some wide frames were left out too, the deepest ones: even at the widest minimum, the tree
   * had more than twice `maxFrames` frames (a very deep stack). They count as pruned.
   */
  depthCut: boolean
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
  maxFrames = Infinity,
): FlameHierarchy {
  const n = table.length
  const {firstChild, nextSibling} = childLinks(table)

  // Walk the zoom path as far as it still exists.
  const focusPath: number[] = []
  let focusNode = -1
  for (const key of zoomPath) {
    let found = -1
    for (let c = firstChild(focusNode); c !== -1; c = nextSibling(c)) {
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
  const thresholdAt = (px: number) =>
    focusTotal > 0 ? (px * focusTotal) / Math.max(1, widthPx) : Infinity
  // Every drawn frame costs DOM and layout: on a big tree, wider frames only, up to a limit.
  let px = minPx
  while (px < MAX_MIN_PX && countAtLeast(focusNode, thresholdAt(px), maxFrames) > maxFrames) {
    px = Math.min(MAX_MIN_PX, px * 2)
  }
  const threshold = thresholdAt(px)

  // Above the focus, faded (d3-flame-graph then gives them the focus's width, as its own zoom
  // does): the chart draws the zoom in one update.
  const zoomed = focusPath.length > 0
  const root: FlameDatum = {name: 'root', value: rootTotal, node: -1, fade: zoomed || undefined}
  const datumOf = new Map<number, FlameDatum>()
  // The chain from the root down to the focus: one child each.
  let chainTop = root
  for (let i = 0, c = -1; i < focusPath.length; i++) {
    for (c = firstChild(c); c !== -1; c = nextSibling(c)) {
      if (frameKey(table, c) === focusPath[i] && total[c] > 0) break
    }
    const d: FlameDatum = {name: label(c), value: total[c], node: c}
    if (i < focusPath.length - 1) d.fade = true
    chainTop.children = [d]
    chainTop = d
  }
  const focus = chainTop

  // The focus subtree, breadth first with an explicit queue, pruned by width; breadth first,
  // a hard cap on frames leaves out the deepest ones.
  const cap = maxFrames * 2
  let depthCut = false
  let pruned = 0
  let shownBelow = 0
  const preorder = table.subtreeEnd !== undefined
  const queue: number[] = [focusNode]
  datumOf.set(focusNode, focus)
  for (let q = 0; q < queue.length; q++) {
    const parentNode = queue[q]
    const parentDatum = datumOf.get(parentNode)!
    datumOf.delete(parentNode)
    for (let c = firstChild(parentNode); c !== -1; c = nextSibling(c)) {
      const v = total[c]
      if (v <= 0) continue
      if (v < threshold || shownBelow >= cap) {
        if (shownBelow >= cap) depthCut = true
        if (!preorder) pruned += countNonzeroSubtree(c, firstChild, nextSibling, total)
        continue
      }
      const d: FlameDatum = {name: label(c), value: v, node: c}
      ;(parentDatum.children ??= []).push(d)
      datumOf.set(c, d)
      queue.push(c)
      shownBelow++
    }
  }
  if (preorder) {
    // Every nonzero node under the focus is drawn or in a pruned subtree: one pass over the
    // focus's range of a typed array instead of a walk of the pruned subtrees.
    const from = focusNode === -1 ? 0 : focusNode + 1
    const to = focusNode === -1 ? n : table.subtreeEnd![focusNode]
    pruned = countNonzero(total, from, to) - shownBelow
  }
  const shown = focusPath.length + shownBelow
  return {root, focus, focusPath, pruned, shown, minPx: px, depthCut}

  // How many frames under `from` are at least `threshold` wide, counting up to past `limit`.
  function countAtLeast(from: number, threshold: number, limit: number): number {
    if (limit === Infinity) return 0
    let count = 0
    const queue = [from]
    for (let q = 0; q < queue.length && count <= limit; q++) {
      for (let c = firstChild(queue[q]); c !== -1; c = nextSibling(c)) {
        if (total[c] > 0 && total[c] >= threshold) {
          count++
          queue.push(c)
        }
      }
    }
    return count
  }
}

/** The widest minimum frame width that maxFrames may raise minPx to. */
const MAX_MIN_PX = 8

/**
 * First child and next sibling, as functions of a node (-1: the root of roots; -1 returned:
 * none). From the pre-order ranges when the table has them, else from linked lists built in
 * one pass, in index order.
 */
function childLinks(table: CallTreeShape) {
  const n = table.length
  const subtreeEnd = table.subtreeEnd
  if (subtreeEnd) {
    return {
      firstChild: (node: number) => {
        const c = node + 1
        return c < (node === -1 ? n : subtreeEnd[node]) ? c : -1
      },
      nextSibling: (child: number) => {
        const p = table.parent[child]
        const c = subtreeEnd[child]
        return c < (p === -1 ? n : subtreeEnd[p]) ? c : -1
      },
    }
  }
  const first = new Int32Array(n + 1).fill(-1) // slot n = the root
  const next = new Int32Array(n).fill(-1)
  const last = new Int32Array(n + 1).fill(-1)
  for (let i = 0; i < n; i++) {
    const p = table.parent[i] === -1 ? n : table.parent[i]
    if (last[p] === -1) first[p] = i
    else next[last[p]] = i
    last[p] = i
  }
  return {
    firstChild: (node: number) => first[node === -1 ? n : node],
    nextSibling: (child: number) => next[child],
  }
}

function countNonzero(total: Float64Array, from: number, to: number): number {
  let count = 0
  for (let i = from; i < to; i++) if (total[i] > 0) count++
  return count
}

function countNonzeroSubtree(
  start: number,
  firstChild: (node: number) => number,
  nextSibling: (child: number) => number,
  total: Float64Array,
): number {
  let count = 0
  const stack = [start]
  while (stack.length > 0) {
    const node = stack.pop()!
    if (total[node] <= 0) continue
    count++
    for (let c = firstChild(node); c !== -1; c = nextSibling(c)) stack.push(c)
  }
  return count
}

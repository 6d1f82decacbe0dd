import type {HintKind} from './hint-rules'

/**
 * Allocation shapes recognised from object sizes alone, for allocations made directly by a user
 * function's line: Go's heap writers hide the runtime frame that allocated (growslice,
 * mapassign, convT*, stringtoslicebyte, makeslice), so the sizes are what is left. Go keeps one
 * profile record per (stack, allocation size), and its `bytes` label is the object size, so a
 * line's sizes and their object counts are known exactly (estimated, when sampled).
 *
 * These are heuristics, reported with evidence 'sizes':
 * - growth chain: ≥ 3 sizes each about twice the previous (×1.7–2.5; from 1 KiB on
 *   ×1.2–2.5, as append grows large slices by ~1.25×), no size allocated much more often than
 *   the one before it (every slice that reached 64 B passed through 32 B): append without a
 *   capacity. If the smallest size is a map bucket size (16 + 64·k bytes: 8 hash bytes,
 *   8 keys, 8 values and an overflow pointer, with word-sized keys and values), 2 sizes
 *   suffice and it is a map growing without a size hint.
 * - boxing: ≥ 2 different sizes of at most 32 B at one line (string and slice headers, small
 *   numbers and structs copied into interfaces), making at least 2/3 of its objects outside a
 *   growth chain. `new(T)` of two small types on one line looks the same.
 * - string copy: ≥ 4 different sizes above 32 B at one line, mostly not kept (retention < 50%):
 *   variable-length copies, as []byte(s), string(b) and s1 + s2 make. make([]byte, n) of a
 *   varying n looks the same.
 * - scratch buffer: one size ≥ 1 KiB allocated ≥ 32 times, < 10% of it still in use: a
 *   fixed-size buffer per call.
 */

/** The allocations of one size at one line. */
export interface SizeBin {
  /** Object size in bytes. */
  size: number
  /** Objects allocated (alloc_objects; inuse_objects when the profile has no alloc types). */
  objects: number
  /** Bytes allocated, and bytes still in use (null when the profile lacks one of the two). */
  allocSpace: number
  inuseSpace: number | null
}

/** A shape found among a line's sizes. Each size belongs to at most one shape. */
export interface ShapeMatch {
  kind: HintKind
  /** The sizes it covers, ascending. */
  sizes: number[]
}

const MAX_SIZES = 256

/** The shapes among the allocations of one user line (bins of distinct sizes, any order). */
export function matchShapes(bins: readonly SizeBin[]): ShapeMatch[] {
  const sorted = bins
    .filter((b) => b.size > 0 && b.objects > 0)
    .sort((a, b) => a.size - b.size)
    .slice(0, MAX_SIZES)
  const matches: ShapeMatch[] = []
  const chain = growthChain(sorted)
  let rest = sorted
  if (chain) {
    const isMap = isBucketSize(chain[0].size)
    if (chain.length >= 3 || (isMap && chain.length >= 2)) {
      matches.push({kind: isMap ? 'map-growth' : 'append-growth', sizes: chain.map((b) => b.size)})
      rest = sorted.filter((b) => !chain.includes(b))
    }
  }
  const small = rest.filter((b) => b.size <= 32)
  if (small.length >= 2 && objectsOf(small) >= (2 / 3) * objectsOf(rest)) {
    matches.push({kind: 'boxing', sizes: small.map((b) => b.size)})
    rest = rest.filter((b) => b.size > 32)
  }
  const large = rest.filter((b) => b.size >= 1024 && b.objects >= 32 && retention([b]) < 0.1)
  const scratch = large.sort((a, b) => b.objects - a.objects)[0]
  if (scratch) {
    matches.push({kind: 'scratch-buffer', sizes: [scratch.size]})
    rest = rest.filter((b) => b !== scratch)
  }
  const varied = rest.filter((b) => b.size > 32)
  if (varied.length >= 4 && retention(varied) < 0.5) {
    matches.push({kind: 'string-copy', sizes: varied.map((b) => b.size)})
  }
  return matches
}

function objectsOf(bins: readonly SizeBin[]): number {
  let n = 0
  for (const b of bins) n += b.objects
  return n
}

// inuse ÷ alloc bytes of some bins; 1 (kept) when unknown, so that nothing is called churn.
function retention(bins: readonly SizeBin[]): number {
  let inuse = 0
  let alloc = 0
  for (const b of bins) {
    if (b.inuseSpace === null) return 1
    inuse += b.inuseSpace
    alloc += b.allocSpace
  }
  return alloc > 0 ? inuse / alloc : 1
}

/** A Go map bucket size with word-sized keys and values: 8 + 8·k + 8·v + 8 = 16 + 64·m bytes. */
export function isBucketSize(size: number): boolean {
  return size >= 80 && (size - 16) % 64 === 0
}

function grows(from: SizeBin, to: SizeBin): boolean {
  const ratio = to.size / from.size
  const low = from.size >= 1024 ? 1.2 : 1.7
  return ratio >= low && ratio <= 2.5 && to.objects <= from.objects * 1.5
}

/** The longest growth chain among sizes sorted ascending (ties: the most bytes), or null. */
export function growthChain(sorted: readonly SizeBin[]): SizeBin[] | null {
  const n = sorted.length
  if (n < 2) return null
  const length = new Int32Array(n).fill(1)
  const bytes = sorted.map((b) => b.allocSpace)
  const previous = new Int32Array(n).fill(-1)
  for (let i = 1; i < n; i++) {
    for (let j = 0; j < i; j++) {
      if (!grows(sorted[j], sorted[i])) continue
      const len = length[j] + 1
      const sum = bytes[j] + sorted[i].allocSpace
      if (len > length[i] || (len === length[i] && sum > bytes[i])) {
        length[i] = len
        bytes[i] = sum
        previous[i] = j
      }
    }
  }
  let best = 0
  for (let i = 1; i < n; i++) {
    if (length[i] > length[best] || (length[i] === length[best] && bytes[i] > bytes[best])) {
      best = i
    }
  }
  if (length[best] < 2) return null
  const chain: SizeBin[] = []
  for (let i = best; i >= 0; i = previous[i]) chain.push(sorted[i])
  return chain.reverse()
}

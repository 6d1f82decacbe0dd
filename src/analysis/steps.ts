/**
 * Computations done in steps, so that a big profile never holds the page for long: a generator
 * that yields its progress after every few milliseconds of work and returns its result. The
 * store drives such a generator from timers and idle callbacks (store/stepped.ts); the one-shot
 * functions (rankLeakSuspects, whatChanged, allocationHints…) run the same generator to the end,
 * so both give the same result.
 */

/** How far a computation in steps has got: `done` of `total` `stage` ("3 of 6 snapshots"). */
export interface StepProgress {
  /** What is counted, plural: 'snapshots', 'call paths', 'samples'… */
  stage: string
  /** How many are done (may be fractional), 0 … total. */
  done: number
  total: number
}

/** A computation in steps: yields its progress every few milliseconds of work. */
export type Steps<T> = Generator<StepProgress, T, void>

/** Runs a computation in steps to its end, at once. */
export function runSteps<T>(steps: Steps<T>): T {
  for (;;) {
    const step = steps.next()
    if (step.done) return step.value
  }
}

// Sorted runs of this many items are made with Array.prototype.sort, a few milliseconds each.
const RUN = 4096
// Items merged between two yields.
const MERGE_PER_STEP = 1 << 14

/**
 * `items` sorted by `compare`, cut to the first `limit`: the same array as
 * `[...items].sort(compare).slice(0, limit)` (both sorts are stable), in steps: sorted runs of a
 * few thousand items, each cut to `limit`, then merged pairwise. `stage` names the items in the
 * progress it yields.
 */
export function* sortedSteps<T>(
  items: readonly T[],
  compare: (a: T, b: T) => number,
  limit: number,
  stage: string,
): Steps<T[]> {
  const keep = Math.max(0, limit)
  const total = items.length
  let runs: T[][] = []
  for (let i = 0; i < items.length; i += RUN) {
    const run = items.slice(i, i + RUN).sort(compare)
    if (run.length > keep) run.length = keep
    runs.push(run)
    yield {stage, done: Math.min(total, i + RUN), total}
  }
  while (runs.length > 1) {
    const next: T[][] = []
    for (let r = 0; r < runs.length; r += 2) {
      if (r + 1 === runs.length) next.push(runs[r])
      else next.push(yield* mergeSteps(runs[r], runs[r + 1], compare, keep, stage, total))
      yield {stage, done: total, total}
    }
    runs = next
  }
  return runs[0] ?? []
}

// Stable merge of two sorted runs (a's items first on ties), cut to `limit`.
function* mergeSteps<T>(
  a: T[],
  b: T[],
  compare: (x: T, y: T) => number,
  limit: number,
  stage: string,
  total: number,
): Steps<T[]> {
  const length = Math.min(limit, a.length + b.length)
  const out: T[] = new Array<T>(length)
  let i = 0
  let j = 0
  let k = 0
  while (k < length) {
    const end = Math.min(length, k + MERGE_PER_STEP)
    for (; k < end; k++) {
      if (j >= b.length || (i < a.length && compare(b[j], a[i]) >= 0)) out[k] = a[i++]
      else out[k] = b[j++]
    }
    if (k < length) yield {stage, done: total, total}
  }
  return out
}

/** Helpers for tests of stepped computations (analysis/steps.ts); imported by *.test.ts only. */
import type {StepProgress, Steps} from './steps'

/**
 * Runs several stepped computations a step each in turn until all are done, as the page does
 * when two views wait at once; `onStep` sees every progress report. Their results, and how many
 * steps they took in all.
 */
export function runInterleaved<T>(
  runs: Steps<T>[],
  onStep: (progress: StepProgress) => void = () => {},
): {results: T[]; steps: number} {
  const results: (T | undefined)[] = runs.map(() => undefined)
  const done = runs.map(() => false)
  let steps = 0
  while (done.some((d) => !d)) {
    runs.forEach((run, i) => {
      if (done[i]) return
      const step = run.next()
      if (step.done) {
        results[i] = step.value
        done[i] = true
      } else {
        steps++
        onStep(step.value)
      }
    })
  }
  return {results: results as T[], steps}
}

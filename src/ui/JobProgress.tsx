import {useSyncExternalStore} from 'react'
import type {JobState, SteppedJob} from '../store/stepped'

/**
 * The state of a job (store/stepped.ts) the view waits for, running it while the view shows it
 * and cancelling it when the view leaves or asks for another one. The first slice runs at once:
 * a small input is done in it, and the view shows its result without a progress message.
 */
export function useJob<T>(job: SteppedJob<T>): JobState<T> {
  job.runFirstSlice()
  return useSyncExternalStore(job.subscribe, job.getState)
}

/**
 * What a view's job is doing while it runs ("Ranking leak suspects… 3 of 6 snapshots"), or why
 * it failed. Nothing once it is done.
 */
export function JobProgress<T>({title, state}: {title: string; state: JobState<T>}) {
  if (state.status === 'done') return null
  if (state.status === 'failed') {
    const message = state.error instanceof Error ? state.error.message : String(state.error)
    return (
      <p className="job-progress" role="alert" data-testid="view-progress">
        {title} failed: {message}
      </p>
    )
  }
  const p = state.progress
  const count = (n: number) => Math.floor(n).toLocaleString('en-US')
  return (
    <p className="job-progress muted" role="status" aria-live="polite" data-testid="view-progress">
      <span>
        {title}…{p ? ` ${count(p.done)} of ${count(p.total)} ${p.stage}` : ''}
      </span>
      <progress max={1} value={p && p.total > 0 ? Math.min(1, p.done / p.total) : undefined} />
    </p>
  )
}

import {describe, expect, it} from 'vitest'
import type {Steps} from '../analysis/steps'
import {SteppedJob, type JobState} from './stepped'

// A computation of `count` steps of about `ms` milliseconds each; `log` records each step run.
function* counting(count: number, ms: number, log: number[]): Steps<string> {
  for (let i = 0; i < count; i++) {
    const until = performance.now() + ms
    while (performance.now() < until) {
      // busy, like a step of real work
    }
    log.push(i)
    yield {stage: 'parts', done: i + 1, total: count}
  }
  return `done after ${count}`
}

function waitFor<T>(job: SteppedJob<T>, states: JobState<T>[] = []): Promise<JobState<T>> {
  return new Promise((resolve) => {
    const unsubscribe = job.subscribe(() => {
      const state = job.getState()
      states.push(state)
      if (state.status !== 'running') {
        unsubscribe()
        resolve(state)
      }
    })
  })
}

describe('SteppedJob', () => {
  it('finishes a small computation in the first slice, at once', () => {
    const job = new SteppedJob(() => counting(3, 0, []))
    expect(job.runFirstSlice()).toEqual({status: 'done', value: 'done after 3'})
    // The first slice runs once only.
    expect(job.runFirstSlice()).toBe(job.getState())
  })

  it('runs a big one in slices of tasks while subscribed, publishing its progress', async () => {
    const log: number[] = []
    const job = new SteppedJob(() => counting(60, 5, log))
    const first = job.runFirstSlice()
    expect(first.status).toBe('running')
    expect(log.length).toBeGreaterThan(0)
    expect(log.length).toBeLessThan(60)
    expect(job.getState()).toBe(first)
    const states: JobState<string>[] = []
    expect(await waitFor(job, states)).toEqual({status: 'done', value: 'done after 60'})
    expect(log).toEqual([...Array(60).keys()])
    // Progress was published on the way, in order.
    const running = states.filter((s) => s.status === 'running')
    expect(running.length).toBeGreaterThan(0)
    const done = running.map((s) => (s.status === 'running' ? (s.progress?.done ?? 0) : 0))
    expect(done).toEqual([...done].sort((a, b) => a - b))
  })

  it('stops when the last subscriber leaves, and starts over when asked again', async () => {
    const log: number[] = []
    let starts = 0
    const job = new SteppedJob(() => (starts++, counting(400, 1, log)))
    // Leaves at the first progress it is told (the view changed its inputs).
    const leaveAtFirstProgress = () =>
      new Promise<void>((resolve) => {
        const unsubscribe = job.subscribe(() => {
          unsubscribe()
          resolve()
        })
      })
    await leaveAtFirstProgress()
    const stoppedAt = log.length
    expect(stoppedAt).toBeGreaterThan(0)
    expect(stoppedAt).toBeLessThan(400)
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(log.length).toBe(stoppedAt)
    expect(job.getState()).toEqual({status: 'running', progress: null})
    // Subscribed again (the view came back): a new computation, from the start.
    log.length = 0
    await leaveAtFirstProgress()
    expect(starts).toBe(2)
    expect(log.slice(0, 2)).toEqual([0, 1])
  })

  it('fails with the error the computation throws', async () => {
    const job = new SteppedJob(function* (): Steps<number> {
      yield {stage: 'parts', done: 0, total: 1}
      throw new Error('not comparable')
    })
    const state = await waitFor(job)
    expect(state.status).toBe('failed')
    expect(state.status === 'failed' && (state.error as Error).message).toBe('not comparable')
  })
})

import type {StepProgress, Steps} from '../analysis/steps'

/**
 * A computation in steps (analysis/steps.ts) that a view waits for, run a slice at a time, each
 * in a task of its own, so that the page keeps painting and answering input between them: the
 * view shows its progress until the result is there. It runs while someone subscribes (the
 * view showing it) and stops, dropping its partial work, when the last one leaves: when the
 * view's inputs change (another sample type, another series) the view subscribes to another
 * job, and this one is cancelled.
 */

/** Where a job is: running (with its progress, null before the first step), done or failed. */
export type JobState<T> =
  | {status: 'running'; progress: StepProgress | null}
  | {status: 'done'; value: T}
  | {status: 'failed'; error: unknown}

/** Work done per slice before the page gets the thread back (it paints, handles input). */
export const SLICE_MS = 30
/** The first slice runs in the render that shows the view: shorter, as the render costs too. */
const FIRST_SLICE_MS = 15
/** Progress is published at most this often (each publication re-renders the view). */
const PROGRESS_EVERY_MS = 100

export class SteppedJob<T> {
  private steps: Steps<T> | null = null
  private state: JobState<T> = {status: 'running', progress: null}
  private readonly listeners = new Set<() => void>()
  private scheduled = false
  private published = 0
  private ranFirst = false

  /** `start` begins the computation anew (after a cancel, it starts again from the beginning). */
  constructor(private readonly start: () => Steps<T>) {}

  /** The current state; the same object until it changes (for useSyncExternalStore). */
  readonly getState = (): JobState<T> => this.state

  /**
   * Runs the job while `listener` is subscribed, calling it when the state changes. Returns the
   * unsubscribe function: the job is cancelled when nobody is subscribed any more.
   */
  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener)
    this.schedule()
    return () => {
      this.listeners.delete(listener)
      if (this.listeners.size === 0) this.cancel()
    }
  }

  /**
   * The first slice, at once (the first time only): small inputs are done in it, so the view can
   * show the result without a progress message flashing first.
   */
  runFirstSlice(ms = FIRST_SLICE_MS): JobState<T> {
    if (!this.ranFirst && this.state.status === 'running') {
      this.ranFirst = true
      this.runFor(ms, false)
    }
    return this.state
  }

  /** Stops the work and drops what was done, unless it is finished. */
  cancel(): void {
    if (this.state.status !== 'running') return
    this.steps?.return(undefined as T)
    this.steps = null
    this.ranFirst = false
    if (this.state.progress !== null) this.state = {status: 'running', progress: null}
  }

  private schedule(): void {
    if (this.scheduled || this.state.status !== 'running' || this.listeners.size === 0) return
    this.scheduled = true
    nextTask(() => {
      this.scheduled = false
      // Cancelled meanwhile: nobody waits for it any more.
      if (this.listeners.size === 0) return
      this.runFor(SLICE_MS, true)
      this.schedule()
    })
  }

  // Steps until done or `ms` have passed; publishes the state when it changed (the progress at
  // most every PROGRESS_EVERY_MS, or right away when `publish`).
  private runFor(ms: number, publish: boolean): void {
    const started = performance.now()
    let progress: StepProgress | null = null
    try {
      this.steps ??= this.start()
      for (;;) {
        const step = this.steps.next()
        if (step.done) {
          this.steps = null
          this.state = {status: 'done', value: step.value}
          this.notify()
          return
        }
        progress = step.value
        if (performance.now() - started >= ms) break
      }
    } catch (error) {
      this.steps = null
      this.state = {status: 'failed', error}
      this.notify()
      return
    }
    const now = performance.now()
    const shown = this.state.status === 'running' ? this.state.progress : null
    if (progress && (shown === null || now - this.published >= PROGRESS_EVERY_MS)) {
      this.state = {status: 'running', progress}
      this.published = now
      if (publish) this.notify()
    }
  }

  private notify(): void {
    for (const listener of [...this.listeners]) listener()
  }
}

/**
 * Runs `run` in a task of its own, soon: after a message on a MessageChannel, as setTimeout(0)
 * waits 4 ms once nested (hundreds of slices would wait seconds in all). The browser still
 * paints and handles input between two such tasks.
 */
function nextTask(run: () => void): void {
  if (typeof MessageChannel !== 'function') {
    setTimeout(run, 0)
    return
  }
  if (!channel) {
    channel = new MessageChannel()
    channel.port1.onmessage = () => queue.shift()?.()
    // Node (unit tests): a pending slice does not keep the process alive.
    ;(channel.port1 as {unref?: () => void}).unref?.()
  }
  queue.push(run)
  channel.port2.postMessage(null)
}

let channel: MessageChannel | null = null
const queue: (() => void)[] = []

/**
 * A stack helper worker for the decoder's tests (imported by *.test.ts only): it runs jobs and
 * inflations in this thread, replying later with cloned messages as a worker does, or fails.
 */
import {inflateToChunks} from './helper-inflate'
import type {HelperReply, HelperRequest, HelperWorker} from './stack-helper'
import {runJob} from './stack-jobs'

/** How the fake answers: does the work, replies that it failed, or crashes. */
export type FakeMode = 'work' | 'throw' | 'crash'

export class FakeHelper implements HelperWorker {
  onmessage: ((event: MessageEvent<HelperReply>) => void) | null = null
  onerror: ((event: ErrorEvent) => void) | null = null
  terminated = false
  jobs = 0
  inflations = 0

  /** `mode` for jobs, `inflateMode` for inflations. */
  constructor(
    private mode: FakeMode = 'work',
    private inflateMode: FakeMode = 'work',
  ) {}

  reply(data: HelperReply, transfer: ArrayBuffer[] = []) {
    const cloned = structuredClone(data, {transfer})
    setTimeout(() => this.onmessage?.({data: cloned} as MessageEvent<HelperReply>))
  }

  postMessage(message: HelperRequest) {
    if (this.terminated) return
    if (message.type === 'inflate') {
      this.inflations++
      return this.answer(this.inflateMode, message.id, () => {
        const post = (r: HelperReply, transfer?: ArrayBuffer[]) => this.reply(r, transfer)
        inflateToChunks(message, post).catch((e: unknown) => this.failed(message.id, e))
      })
    }
    this.jobs++
    const {id, job} = structuredClone(message)
    this.answer(this.mode, id, () => this.reply({type: 'done', id, result: runJob(job)}))
  }

  private answer(mode: FakeMode, id: number, work: () => void) {
    if (mode === 'work') work()
    else if (mode === 'throw') this.reply({type: 'failed', id, message: 'boom'})
    else setTimeout(() => this.onerror?.({message: 'crashed'} as ErrorEvent))
  }

  private failed(id: number, e: unknown) {
    this.reply({type: 'failed', id, message: e instanceof Error ? e.message : String(e)})
  }

  terminate() {
    this.terminated = true
  }
}

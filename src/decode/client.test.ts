import {describe, expect, it} from 'vitest'
import {type WorkerLike, runInWorker} from './client'
import {ProfileError, decodeProfileBytes} from './index'
import {fixture} from './test-support'
import {handleDecodeRequest} from './worker-handler'
import type {DecodeRequest, DecodeResponse} from './worker-protocol'

/** A worker that runs the real handler in this thread, cloning messages like postMessage. */
class FakeWorker implements WorkerLike {
  onmessage: ((event: MessageEvent<DecodeResponse>) => void) | null = null
  onerror: ((event: ErrorEvent) => void) | null = null
  onmessageerror: ((event: MessageEvent) => void) | null = null
  terminated = false
  transferred: ArrayBuffer[] = []

  postMessage(request: DecodeRequest): void {
    setTimeout(() => {
      void handleDecodeRequest(request, (message, transfer = []) => {
        if (this.terminated) return
        this.transferred.push(...transfer)
        const data = structuredClone(message, {transfer})
        this.onmessage?.({data} as MessageEvent<DecodeResponse>)
      })
    })
  }

  terminate(): void {
    this.terminated = true
  }
}

function blobOf(path: string): Blob {
  return new Blob([fixture(path)])
}

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise
  } catch (e) {
    return e as Error
  }
  throw new Error('expected a rejection')
}

describe('decoding in a worker', () => {
  it('reads a Blob, reports progress, and transfers the profile back', async () => {
    const worker = new FakeWorker()
    const stages = new Set<string>()
    const input = blobOf('heap/heap.pb.gz')
    const {profile, timings} = await runInWorker(() => worker, input, 'heap.pb.gz', {
      onProgress: (p) => stages.add(p.stage),
    })
    expect(profile.fileName).toBe('heap.pb.gz')
    expect(profile.samples.length).toBe(278)
    expect(profile.stacks.prefix.length).toBe(profile.stacks.length)
    expect([...stages]).toEqual(['reading', 'inflating', 'decoding', 'building'])
    const keys = ['buildMs', 'decodeMs', 'decodeWorkMs', 'helperJobs', 'inflateMs', 'readMs']
    expect(Object.keys(timings).sort()).toEqual(keys)
    expect(worker.transferred.length).toBeGreaterThan(5)
    expect(worker.transferred.every((b) => b.byteLength === 0)).toBe(true) // moved, not copied
    expect(worker.terminated).toBe(true)
  })

  it('accepts an ArrayBuffer', async () => {
    const bytes = fixture('edge/uncompressed.pb')
    const input = bytes.slice().buffer
    const {profile} = await runInWorker(() => new FakeWorker(), input, 'x.pb', {})
    expect(profile.format).toBe('pprof')
  })

  it('rejects with a ProfileError carrying the decoder message', async () => {
    const expected = (() => {
      try {
        decodeProfileBytes(fixture('edge/not-a-profile.png'), 'x')
      } catch (e) {
        return (e as Error).message
      }
    })()
    const input = blobOf('edge/not-a-profile.png')
    const error = await rejection(runInWorker(() => new FakeWorker(), input, 'x', {}))
    expect(error).toBeInstanceOf(ProfileError)
    expect(error.message).toBe(expected)
  })

  it('turns an unexpected exception into an internal-error ProfileError', async () => {
    const broken = blobOf('heap/heap.pb.gz')
    broken.stream = () => {
      throw new TypeError('stream exploded')
    }
    const error = await rejection(runInWorker(() => new FakeWorker(), broken, 'x', {}))
    expect(error).toBeInstanceOf(ProfileError)
    expect(error.message).toBe('internal error while decoding: stream exploded')
  })

  it('terminates the worker and rejects with AbortError when aborted', async () => {
    const worker = new FakeWorker()
    const controller = new AbortController()
    const signal = controller.signal
    const promise = runInWorker(() => worker, blobOf('heap/heap.pb.gz'), 'x', {signal})
    controller.abort()
    const error = await rejection(promise)
    expect(error).toBeInstanceOf(DOMException)
    expect(error.name).toBe('AbortError')
    expect(worker.terminated).toBe(true)
  })

  it('rejects at once for an already aborted signal, without starting a worker', async () => {
    let started = false
    const signal = AbortSignal.abort()
    const create = () => ((started = true), new FakeWorker())
    const error = await rejection(runInWorker(create, new Blob([]), 'x', {signal}))
    expect(error.name).toBe('AbortError')
    expect(started).toBe(false)
  })

  it('reports a worker that fails to load as an internal error', async () => {
    const worker = new FakeWorker()
    const failed = {message: '', preventDefault() {}} as ErrorEvent
    worker.postMessage = () => setTimeout(() => worker.onerror?.(failed))
    const error = await rejection(runInWorker(() => worker, new Blob([]), 'x', {}))
    expect(error).toBeInstanceOf(ProfileError)
    expect(error.message).toMatch(/^internal error while decoding: the decoder worker failed/)
  })
})

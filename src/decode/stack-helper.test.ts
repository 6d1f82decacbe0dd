import {describe, expect, it} from 'vitest'
import {FakeHelper} from './fake-helper'
import {gunzipCapped} from './gunzip'
import {decodeInflated} from './index'
import {startStackHelper} from './stack-helper'
import {fixture} from './test-support'
import {handleDecodeRequest} from './worker-handler'
import type {DecodeResponse} from './worker-protocol'

const tick = () => new Promise((r) => setTimeout(r))

describe('startStackHelper', () => {
  it('is not started on one core', () => {
    expect(startStackHelper(() => new FakeHelper(), 1)).toBeNull()
  })

  it('is available once the helper says it has loaded', async () => {
    const fake = new FakeHelper()
    const helper = startStackHelper(() => fake, 2)!
    expect(helper.available).toBe(false)
    fake.reply({type: 'ready'})
    await tick()
    expect(helper.available).toBe(true)
  })

  it('can be waited for: true once loaded, false when it is late or fails', async () => {
    const fake = new FakeHelper()
    const helper = startStackHelper(() => fake, 2)!
    expect(await helper.whenReady(5)).toBe(false)
    const waiting = helper.whenReady(10_000)
    fake.reply({type: 'ready'})
    expect(await waiting).toBe(true)
    expect(await helper.whenReady(0)).toBe(true)
    const crashing = new FakeHelper()
    const failing = startStackHelper(() => crashing, 2)!
    const told = failing.whenReady(10_000)
    crashing.onerror?.({message: 'gone'} as ErrorEvent)
    expect(await told).toBe(false)
    expect(await failing.whenReady(10_000)).toBe(false)
  })

  it('a big gzipped file that comes first waits for the helper to load', async () => {
    const fake = new FakeHelper()
    const helper = startStackHelper(() => fake, 2)!
    Object.assign(helper, {minFrames: 0, minSamples: 2})
    const big = new Uint8Array(2 << 20)
    big.set(fixture('leak/heap-005.pb.gz'))
    setTimeout(() => fake.reply({type: 'ready'}), 50)
    const messages: DecodeResponse[] = []
    await handleDecodeRequest({input: big.buffer, fileName: 'x'}, (m) => messages.push(m), helper)
    expect(fake.jobs).toBeGreaterThan(0)
  })

  for (const mode of ['throw', 'crash'] as const) {
    it(`decodes on one thread when the helper fails (${mode}), the same`, async () => {
      const fake = new FakeHelper(mode)
      const helper = startStackHelper(() => fake, 2)!
      Object.assign(helper, {minFrames: 0, minSamples: 2})
      fake.reply({type: 'ready'})
      await tick()
      const input = fixture('heap/heap.pb.gz')
      const messages: DecodeResponse[] = []
      const request = {input: input.buffer, fileName: 'heap.pb.gz'}
      await handleDecodeRequest(request, (m) => messages.push(m), helper)
      const done = messages.find((m) => m.type === 'done')
      expect(fake.jobs).toBeGreaterThan(0)
      expect(fake.terminated).toBe(true)
      expect(helper.available).toBe(false)
      const alone = decodeInflated(gunzipCapped(input, 1 << 30), true, 'heap.pb.gz')
      expect(done?.type === 'done' && Array.from(done.callNodes.parent)).toEqual(
        Array.from(alone.callNodes.parent),
      )
    })
  }

  it('decodes on two threads through the handler', async () => {
    const fake = new FakeHelper()
    const helper = startStackHelper(() => fake, 2)!
    Object.assign(helper, {minFrames: 0, minSamples: 2})
    fake.reply({type: 'ready'})
    await tick()
    const input = fixture('leak/heap-005.pb.gz')
    const messages: DecodeResponse[] = []
    await handleDecodeRequest({input: input.buffer, fileName: 'x'}, (m) => messages.push(m), helper)
    const done = messages.find((m) => m.type === 'done')
    expect(fake.jobs).toBeGreaterThan(0)
    const alone = decodeInflated(gunzipCapped(input, 1 << 30), true, 'x')
    expect(done?.type === 'done' && Array.from(done.callNodes.subtreeEnd)).toEqual(
      Array.from(alone.callNodes.subtreeEnd),
    )
  })
})

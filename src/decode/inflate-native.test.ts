import {gzipSync} from 'node:zlib'
import {describe, expect, it} from 'vitest'
import {ProfileError} from './errors'
import {inflateNative} from './inflate-native'
import {fixture, stackNames} from './test-support'
import {handleDecodeRequest} from './worker-handler'
import type {DecodeResponse} from './worker-protocol'

const MiB = 1024 * 1024
const blob = (b: Uint8Array) => new Blob([b.slice()])

async function decodeInHandler(bytes: Uint8Array, cap?: number): Promise<DecodeResponse> {
  const messages: DecodeResponse[] = []
  const request = {input: blob(bytes), fileName: 'x.pb.gz', maxDecompressedBytes: cap}
  await handleDecodeRequest(request, (m) => messages.push(m))
  return messages.at(-1)!
}

describe('native inflate (DecompressionStream)', () => {
  it('inflates a gzip file while reading it, counting compressed bytes', async () => {
    const raw = new Uint8Array(200_000).map((_, i) => (i * 7) & 0xff)
    const seen: number[] = []
    const out = await inflateNative(blob(gzipSync(raw)), 64 * MiB, (done) => seen.push(done))
    expect(out).toEqual(raw)
    expect(seen.length).toBeGreaterThan(0)
  })

  it('refuses a bomb at the cap, whatever its trailer claims', async () => {
    const bomb = new Uint8Array(gzipSync(new Uint8Array(8 * MiB)))
    await expect(inflateNative(blob(bomb), MiB)).rejects.toThrow(
      /^decompressing profile: the data inflates to more than 1 MiB, the limit/,
    )
    // A trailer forged to claim 10 bytes changes nothing.
    bomb.set([10, 0, 0, 0], bomb.length - 4)
    await expect(inflateNative(blob(bomb), MiB)).rejects.toBeInstanceOf(ProfileError)
  })

  it('gives a trailer that claims too much no say in what is reserved', async () => {
    const raw = new Uint8Array(1000).fill(65)
    const gz = new Uint8Array(gzipSync(raw))
    gz.set([0xf0, 0xff, 0xff, 0xff], gz.length - 4) // 4 GiB
    // The platform rejects the wrong size, and the caller falls back to fflate.
    expect(await inflateNative(blob(gz), 64 * MiB)).toBeNull()
  })

  it('leaves truncated data to fflate, and concatenated members unless it reads them', async () => {
    const a = gzipSync(Buffer.from('a'.repeat(100)))
    expect(await inflateNative(blob(new Uint8Array(a.subarray(0, a.length - 6))), MiB)).toBeNull()
    // Chromium refuses a second member ("junk after the end"), Node reads both.
    const both = await inflateNative(blob(new Uint8Array(Buffer.concat([a, a]))), MiB)
    if (both !== null) expect(new TextDecoder().decode(both)).toBe('a'.repeat(200))
  })
})

describe('the worker with native inflate', () => {
  it('decodes concatenated members and gzip inside gzip like the synchronous decoder', async () => {
    const gz = fixture('heap/heap.pb.gz')
    for (const bytes of [
      new Uint8Array(Buffer.concat([gz, gzipSync(Buffer.alloc(0))])),
      new Uint8Array(gzipSync(gz)),
    ]) {
      const m = await decodeInHandler(bytes)
      expect(m.type).toBe('done')
      if (m.type === 'done') expect(stackNames(m.profile).length).toBe(278)
    }
  })

  it('refuses a bomb with the cap in its message, as an error of the file', async () => {
    const m = await decodeInHandler(new Uint8Array(gzipSync(new Uint8Array(4 * MiB))), MiB)
    expect(m).toEqual({
      type: 'error',
      internal: false,
      message: expect.stringMatching(/inflates to more than 1 MiB, the limit/),
    })
  })
})

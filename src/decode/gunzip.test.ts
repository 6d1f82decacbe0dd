import {Gzip, gzipSync} from 'fflate'
import {describe, expect, it} from 'vitest'
import {gunzipCapped} from './gunzip'
import {ProfileError, decodeProfileBytes} from './index'
import {fixture, stackNames} from './test-support'

const MiB = 1024 * 1024

/** gzip of `size` zero bytes, compressed in a stream so that the zeros are never all in memory. */
function zeroBomb(size: number): Uint8Array {
  const parts: Uint8Array[] = []
  const gz = new Gzip({level: 9}, (chunk) => parts.push(chunk))
  const zeros = new Uint8Array(MiB)
  for (let done = 0; done < size; done += MiB) gz.push(zeros, done + MiB >= size)
  return concat(parts)
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let o = 0
  for (const p of parts) {
    out.set(p, o)
    o += p.length
  }
  return out
}

function thrown(f: () => unknown): Error {
  try {
    f()
  } catch (e) {
    return e as Error
  }
  throw new Error('expected an error')
}

describe('capped gunzip', () => {
  it('refuses a gzip bomb early, without inflating it all', () => {
    const bomb = zeroBomb(80 * MiB)
    let consumed = 0
    // CPU time, not wall time: other processes on a busy machine must not fail the test.
    const started = process.cpuUsage()
    const error = thrown(() => gunzipCapped(bomb, 16 * MiB, (done) => (consumed = done)))
    const cpu = process.cpuUsage(started)
    expect((cpu.user + cpu.system) / 1000).toBeLessThan(2000)
    expect(error).toBeInstanceOf(ProfileError)
    expect(error.message).toMatch(/^decompressing profile: the data inflates to more than 16 MiB/)
    expect(consumed).toBeLessThan(bomb.length / 3)
    // The same through the public entry point.
    const opts = {maxDecompressedBytes: 16 * MiB}
    const viaDecode = thrown(() => decodeProfileBytes(bomb, 'bomb.pb.gz', opts))
    expect(viaDecode).toBeInstanceOf(ProfileError)
  })

  it('reads concatenated gzip members as one stream', () => {
    const raw = fixture('edge/uncompressed.pb')
    const cut = 200
    const twoMembers = concat([gzipSync(raw.subarray(0, cut)), gzipSync(raw.subarray(cut))])
    expect(gunzipCapped(twoMembers, MiB)).toEqual(raw)
    const p = decodeProfileBytes(twoMembers, 'two.pb.gz')
    expect(stackNames(p)).toEqual(stackNames(decodeProfileBytes(raw, 'one.pb')))
  })

  it('applies the cap to the total of all members', () => {
    const member = zeroBomb(10 * MiB)
    const error = thrown(() => gunzipCapped(concat([member, member]), 16 * MiB))
    expect(error.message).toMatch(/more than 16 MiB/)
  })

  it('unwraps gzip inside gzip, within limits', () => {
    const raw = fixture('edge/uncompressed.pb')
    expect(gunzipCapped(gzipSync(gzipSync(raw)), MiB)).toEqual(raw)
    expect(decodeProfileBytes(gzipSync(gzipSync(raw)), 'x').samples.length).toBe(3)
    let nested = raw
    for (let i = 0; i < 5; i++) nested = gzipSync(nested)
    expect(thrown(() => gunzipCapped(nested, MiB)).message).toMatch(/nested more than 4 levels/)
    const innerBomb = gzipSync(zeroBomb(20 * MiB))
    expect(thrown(() => gunzipCapped(innerBomb, 16 * MiB)).message).toMatch(/more than 16 MiB/)
  })

  it('reports truncated data as unexpected EOF, wherever it is cut', () => {
    const whole = fixture('heap/heap.pb.gz')
    for (const keep of [2, 10, 19, whole.length >> 1, whole.length - 8, whole.length - 1]) {
      const error = thrown(() => gunzipCapped(whole.subarray(0, keep), 64 * MiB))
      expect(error, `cut at ${keep}`).toBeInstanceOf(ProfileError)
      expect(error.message, `cut at ${keep}`).toMatch(/^decompressing profile: unexpected EOF/)
    }
  })

  it('rejects trailing garbage after the last member', () => {
    const garbage = new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])
    const bytes = concat([gzipSync(fixture('edge/uncompressed.pb')), garbage])
    expect(thrown(() => gunzipCapped(bytes, MiB)).message).toMatch(/^decompressing profile: /)
  })

  it('passes through data that is not gzip', () => {
    const raw = fixture('edge/uncompressed.pb')
    expect(gunzipCapped(raw, 10)).toBe(raw)
  })
})

// Streams a synthetic Go heap profile: samples are encoded straight into byte chunks (raw
// varints) and gzipped chunk by chunk (gzip-chunks.mjs), so no sample objects exist and the
// compressed size so far is exact and deterministic, which is what lets a run stop at a
// target .gz size. Tables (mappings, locations, functions, strings) are small and are
// encoded with protobufjs from proto/profile.proto. Field order follows Go's runtime
// writer: sample_type, samples, mapping, location, function, string_table, then scalars.

import {closeSync, openSync, renameSync} from 'node:fs'
import {fileURLToPath} from 'node:url'
import protobuf from 'protobufjs'
import {ALLOC_SLOT, CALLEE_CUM, ENTRY_EXPONENT, SELF_SLOT, buildCodeBase} from './codebase.mjs'
import {createChunkedGzip} from './gzip-chunks.mjs'
import {HashSet64} from './hash-set.mjs'
import {createRng, pickCumulative, zipfTable} from './prng.mjs'

const PROTO = fileURLToPath(new URL('../../../proto/profile.proto', import.meta.url))
const CHUNK = 1 << 18
const MAX_FRAMES = 512
const MIN_DEPTH = 10
const MAX_DEPTH = 80
// Nov 14, 2023 22:13:20 UTC: exactly representable as a double, so no Long is needed.
const TIME_NANOS = 1700000000000000000
const MAP_START = 0x400000
const FN_SPAN = 0x800

/**
 * @typedef {object} GenerateOptions
 * @property {string} out output path (.pb.gz)
 * @property {number} seed
 * @property {number} [targetGzBytes] stop adding samples once the .gz would reach this size
 * @property {number} [samples] exact number of samples instead of a size target
 * @property {number} [functions] application functions in the fake code base
 * @property {number} [level] gzip level (default 6, Go's default)
 */

/**
 * @typedef {object} GenerateResult
 * @property {string} out
 * @property {number} gzBytes
 * @property {number} rawBytes
 * @property {number} samples
 * @property {number} stacks distinct location-id sequences
 * @property {number} locations
 * @property {number} inlinedLocations locations with more than one Line
 * @property {number} functions
 * @property {number} strings
 * @property {{min: number, avg: number, max: number}} depth frames per sample (inlined calls counted)
 * @property {number} ms
 */

/** Varint length of a non-negative integer below 2^53. */
const vlen = (/** @type {number} */ n) => {
  let len = 1
  while (n >= 128) {
    n = Math.floor(n / 128)
    len++
  }
  return len
}

/**
 * Writes a deterministic synthetic heap profile.
 * @param {GenerateOptions} opts
 * @returns {Promise<GenerateResult>}
 */
export async function generateProfile(opts) {
  const t0 = performance.now()
  const rng = createRng(opts.seed)
  // a small profile comes from a smaller program: keep the tables from dwarfing the samples
  const mb = (opts.targetGzBytes ?? 10e6) / 1e6
  const cb = buildCodeBase(rng, {functions: opts.functions ?? Math.round(Math.min(24000, Math.max(3000, mb * 2400)))})
  const root = await protobuf.load(PROTO)
  const Profile = root.lookupType('perftools.profiles.Profile')

  // written under a temporary name, so an interrupted run never leaves a plausible file behind
  const tmp = `${opts.out}.partial`
  const fd = openSync(tmp, 'w')
  const gz = createChunkedGzip(fd, opts.level ?? 6)
  const buf = new Uint8Array(CHUNK + 8192)
  let pos = 0
  const flush = () => {
    gz.push(buf.subarray(0, pos))
    pos = 0
  }
  const varint = (/** @type {number} */ n) => {
    while (n >= 128) {
      buf[pos++] = (n % 128) | 128
      n = Math.floor(n / 128)
    }
    buf[pos++] = n
  }
  const pushBytes = (/** @type {Uint8Array} */ bytes) => {
    flush()
    for (let i = 0; i < bytes.length; i += CHUNK) gz.push(bytes.subarray(i, i + CHUNK))
  }

  // raw size of the tables still to be written, to aim the .gz size
  let tailRaw = 0
  // string table, filled in first-use order like Go's writer
  /** @type {string[]} */
  const strings = []
  const stringIndex = new Map()
  const str = (/** @type {string} */ s) => {
    let i = stringIndex.get(s)
    if (i === undefined) {
      i = strings.length
      stringIndex.set(s, i)
      strings.push(s)
      tailRaw += s.length + 3
    }
    return i
  }
  str('')
  const vt = (/** @type {string} */ type, /** @type {string} */ unit) => ({type: str(type), unit: str(unit)})
  const sampleType = [vt('alloc_objects', 'count'), vt('alloc_space', 'bytes'), vt('inuse_objects', 'count'), vt('inuse_space', 'bytes')]
  const bytesKey = str('bytes')
  pushBytes(Profile.encode({sampleType}).finish())

  // functions and locations, created on first use so ids are dense
  const fnId = new Int32Array(cb.names.length)
  /** @type {object[]} */
  const functions = []
  const funcId = (/** @type {number} */ f) => {
    if (fnId[f] === 0) {
      fnId[f] = functions.length + 1
      tailRaw += 20
      functions.push({id: fnId[f], name: str(cb.names[f]), systemName: str(cb.names[f]), filename: str(cb.files[f]), startLine: cb.startLines[f]})
    }
    return fnId[f]
  }
  const lineOf = (/** @type {number} */ f, /** @type {number} */ site) => cb.startLines[f] + 2 + site * 5 + ((f * 7 + site * 3) % 4)
  /** @type {object[]} */
  const locations = []
  let inlinedLocations = 0
  const locBySite = new Int32Array(cb.names.length * 16)
  /** @type {Map<number | string, number>} */
  const locByGroup = new Map()
  const siteSpan = cb.names.length * 16
  const locsInFn = new Uint16Array(cb.names.length)
  const newLocation = (/** @type {number} */ from, /** @type {number} */ to) => {
    const outer = frameFn[from]
    const line = []
    for (let i = to; i >= from; i--) line.push({functionId: funcId(frameFn[i]), line: lineOf(frameFn[i], frameSite[i])})
    const id = locations.length + 1
    const address = MAP_START + 0x1000 + outer * FN_SPAN + 16 + 8 * (locsInFn[outer]++ % (FN_SPAN / 8 - 4))
    locations.push({id, mappingId: 1, address, line})
    if (to > from) inlinedLocations++
    tailRaw += 14 + 10 * line.length
    return id
  }

  // walk state
  const frameFn = new Int32Array(MAX_FRAMES)
  const frameSite = new Int32Array(MAX_FRAMES)
  const frameInl = new Uint8Array(MAX_FRAMES)
  const locIds = new Int32Array(MAX_FRAMES)
  let n = 0
  const push = (/** @type {number} */ f, /** @type {number} */ site, /** @type {number} */ inl) => {
    if (n < MAX_FRAMES) {
      frameFn[n] = f
      frameSite[n] = site
      frameInl[n] = inl
      n++
    }
  }
  const entryCum = cb.roots.map((r) => zipfTable(r.entries.length, ENTRY_EXPONENT))
  const flatCum = zipfTable(cb.flatSizes.length, 0.7)
  const seen = new HashSet64()
  let minDepth = Infinity
  let maxDepth = 0
  let sumDepth = 0

  /** Builds one stack in frame*, returns the object size it allocates. */
  const walk = () => {
    n = 0
    const r = pickCumulative(rng, cb.rootCum)
    const root = cb.roots[r]
    for (let i = 0; i < root.frames.length; i++) push(root.frames[i], 0, 0)
    let f = root.entries[pickCumulative(rng, entryCum[r])]
    let inl = 0
    const u = rng.next()
    const depth = MIN_DEPTH + Math.floor(25 * u * u * u)
    for (;;) {
      const start = cb.calleeStart[f]
      const count = cb.calleeStart[f + 1] - start
      if (count === 0 || n + 1 >= depth) break
      if (cb.recursive[f] && rng.chance(0.6)) {
        // tree walks: mostly a few levels, sometimes deep enough to hit the depth cap
        const k = rng.chance(0.5) ? MAX_DEPTH - 4 - n : rng.range(1, 8)
        for (let i = 0; i < k; i++) {
          push(f, SELF_SLOT, inl)
          inl = 0
        }
        if (n + 1 >= depth) break
      }
      const s = pickCumulative(rng, CALLEE_CUM, Math.min(count, CALLEE_CUM.length))
      push(f, s, inl)
      f = cb.callee[start + s]
      inl = cb.calleeInline[start + s]
    }
    const a0 = cb.allocStart[f]
    const a = rng.int(cb.allocStart[f + 1] - a0)
    push(f, ALLOC_SLOT + a, inl)
    const c = cb.alloc[a0 + a]
    const chain = c < 0 ? null : cb.chains[c]
    const recPairs = chain?.rec ? rng.int(chain.recMax + 1) : 0
    if (!chain || n + chain.frames.length + 2 * recPairs > MAX_DEPTH) return cb.flatSizes[pickCumulative(rng, flatCum)]
    const last = chain.frames.length - 1
    for (let i = 0; i < last; i++) push(chain.frames[i], 0, chain.inline[i])
    const rec = chain.rec
    for (let k = 0; k < recPairs && rec; k++) {
      push(rec[0], 0, 0)
      push(rec[1], 0, 0)
    }
    push(chain.frames[last], ALLOC_SLOT, chain.inline[last])
    return chain.sizes[rng.int(chain.sizes.length)]
  }

  /** Turns frame* into location ids, leaf first; returns how many. */
  const locate = () => {
    let m = 0
    let end = n - 1
    while (end >= 0) {
      let begin = end
      while (begin > 0 && frameInl[begin]) begin--
      let id
      if (begin === end) {
        const key = frameFn[end] * 16 + frameSite[end]
        id = locBySite[key] || (locBySite[key] = newLocation(end, end))
      } else {
        // two frames (the common inlined case) make an exact numeric key; longer groups a string
        let key = end - begin === 1
          ? (frameFn[begin] * 16 + frameSite[begin]) * siteSpan + frameFn[end] * 16 + frameSite[end]
          : ''
        if (key === '') for (let i = begin; i <= end; i++) key += `${frameFn[i]}:${frameSite[i]},`
        id = locByGroup.get(key)
        if (id === undefined) locByGroup.set(key, (id = newLocation(begin, end)))
      }
      locIds[m++] = id
      end = begin - 1
    }
    return m
  }

  // 64-bit hash (h1, h2) of the frames: equal frames <=> equal location ids, and hashing the
  // frames lets a repeated stack be rejected before any location lookup
  let h1 = 0
  let h2 = 0
  const stackHash = () => {
    h1 = 0x811c9dc5
    h2 = 0x01000193
    for (let i = 0; i < n; i++) {
      const x = (frameFn[i] * 16 + frameSite[i]) * 2 + frameInl[i]
      h1 = Math.imul(h1 ^ x, 0x01000193)
      h2 = Math.imul(h2 + x, 0x5bd1e995) ^ (h2 >>> 15)
    }
  }

  const values = [0, 0, 0, 0]
  let samples = 0
  // bytes still to come: the unflushed chunk at the ratio so far, the tables at a guess
  const gzEstimate = () => gz.gzBytes() + (pos * gz.gzBytes()) / Math.max(1, gz.rawBytes()) + tailRaw / 3
  for (;;) {
    if (opts.samples !== undefined) {
      if (samples >= opts.samples) break
    } else if ((samples & 63) === 0 && gzEstimate() >= (opts.targetGzBytes ?? 0)) break
    // Like the reference big profile, every sample gets its own stack where possible: re-walk
    // (deterministically) when a stack repeats or is too shallow.
    let size = 0
    for (let attempt = 0; ; attempt++) {
      size = walk()
      if (n < MIN_DEPTH && attempt < 10000) continue
      stackHash()
      if (!seen.has(h1, h2) || attempt >= 32) break
    }
    seen.add(h1, h2)
    const m = locate()
    if (n < minDepth) minDepth = n
    if (n > maxDepth) maxDepth = n
    sumDepth += n

    const r = rng.next()
    // heavy-tailed object counts (median ~3, a few in the tens of thousands), as in real heaps
    const objects = size >= 32768 ? 1 + rng.int(size > 65536 ? 2 : 6) : 1 + Math.floor(Math.min(65536, Math.pow(2, -Math.log(1 - r) * 1.5)))
    const inuse = rng.chance(0.6) ? 0 : Math.max(1, Math.floor(objects * rng.next()))
    values[0] = objects
    values[1] = objects * size
    values[2] = inuse
    values[3] = inuse * size

    let idsLen = 0
    for (let i = 0; i < m; i++) idsLen += vlen(locIds[i])
    let valsLen = 0
    for (let i = 0; i < 4; i++) valsLen += vlen(values[i])
    const labelLen = 1 + vlen(bytesKey) + 1 + vlen(size)
    const sampleLen = 1 + vlen(idsLen) + idsLen + 1 + vlen(valsLen) + valsLen + 1 + vlen(labelLen) + labelLen
    if (pos + sampleLen + 16 > CHUNK) flush()
    if (sampleLen + 16 > buf.length - pos) throw new Error(`sample of ${sampleLen} bytes does not fit`)
    buf[pos++] = (2 << 3) | 2
    varint(sampleLen)
    buf[pos++] = (1 << 3) | 2
    varint(idsLen)
    for (let i = 0; i < m; i++) varint(locIds[i])
    buf[pos++] = (2 << 3) | 2
    varint(valsLen)
    for (let i = 0; i < 4; i++) varint(values[i])
    buf[pos++] = (3 << 3) | 2
    varint(labelLen)
    buf[pos++] = (1 << 3) | 0
    varint(bytesKey)
    buf[pos++] = (3 << 3) | 0
    varint(size)
    samples++
  }

  const mapping = [{
    id: 1,
    memoryStart: MAP_START,
    memoryLimit: 0x4000000,
    fileOffset: 0,
    filename: str('/app/server'),
    buildId: str(`heapscope-synthetic-seed-${opts.seed}`),
    hasFunctions: true,
    hasFilenames: true,
    hasLineNumbers: true,
    hasInlineFrames: true,
  }]
  const periodType = vt('space', 'bytes')
  const tail = Profile.encode({mapping, location: locations, function: functions, stringTable: strings,
    timeNanos: TIME_NANOS, periodType, period: 524288}).finish()
  pushBytes(tail)
  gz.finish()
  closeSync(fd)
  renameSync(tmp, opts.out)
  return {
    out: opts.out,
    gzBytes: gz.gzBytes(),
    rawBytes: gz.rawBytes(),
    samples,
    stacks: seen.size,
    locations: locations.length,
    inlinedLocations,
    functions: functions.length,
    strings: strings.length,
    depth: {min: samples ? minDepth : 0, avg: samples ? sumDepth / samples : 0, max: maxDepth},
    ms: performance.now() - t0,
  }
}

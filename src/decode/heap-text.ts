import {ProfileError} from './errors'
import {clip} from './protobuf'
import {type RawProfile, newRawProfile, noteValueCount, sampleCount} from './raw'

const HEADER_RE = /heap profile: *(\d+): *(\d+) *\[ *(\d+): *(\d+) *\] *@ *(heap[_a-z0-9]*)\/?(\d*)/
const GROWTH_RE = /heap profile: *(\d+): *(\d+) *\[ *(\d+): *(\d+) *\] @ growthz?/
const FRAGMENTATION_RE = /heap profile: *(\d+): *(\d+) *\[ *(\d+): *(\d+) *\] @ fragmentationz?/
const SAMPLE_RE = /(-?\d+): *(-?\d+) *\[ *(\d+): *(\d+) *\] @([ x0-9a-f]*)/
const HEX_RE = /0x[0-9a-f]+/g
const MEMORY_MAP_SENTINELS = ['--- Memory map: ---', 'MAPPED_LIBRARIES:']

/** pprof's allocRxStr (profile/legacy_profile.go): drop_frames of legacy heap profiles. */
export const ALLOC_RX = [
  'calloc', 'cfree', 'malloc', 'free', 'memalign', 'do_memalign', '(__)?posix_memalign',
  'pvalloc', 'valloc', 'realloc', 'tcmalloc::.*', 'tc_calloc', 'tc_cfree', 'tc_malloc',
  'tc_free', 'tc_memalign', 'tc_posix_memalign', 'tc_pvalloc', 'tc_valloc', 'tc_realloc',
  'tc_new', 'tc_delete', 'tc_newarray', 'tc_deletearray', 'tc_new_nothrow',
  'tc_newarray_nothrow', 'malloc_zone_malloc', 'malloc_zone_calloc', 'malloc_zone_valloc',
  'malloc_zone_realloc', 'malloc_zone_memalign', 'malloc_zone_free', 'runtime\\..*',
  'BaseArena::.*', '(::)?do_malloc_no_errno', '(::)?do_malloc_pages', '(::)?do_malloc',
  'DoSampledAllocation', 'MallocedMemBlock::MallocedMemBlock', '_M_allocate',
  '__builtin_(vec_)?delete', '__builtin_(vec_)?new', '__gnu_cxx::new_allocator::allocate',
  '__libc_malloc', '__malloc_alloc_template::allocate', 'allocate', 'cpp_alloc',
  'operator new(\\[\\])?', 'simple_alloc::allocate',
].join('|')

/** pprof's allocSkipRxStr: keep_frames of legacy heap profiles. */
export const ALLOC_SKIP_RX = [
  'runtime\\.panic',
  'runtime\\.reflectcall',
  'runtime\\.call[0-9]*',
].join('|')

/** Is this the first line of a heap profile in text form (pprof's parseHeap headers)? */
export function isHeapTextHeader(firstLine: string): boolean {
  return HEADER_RE.test(firstLine) || GROWTH_RE.test(firstLine) || FRAGMENTATION_RE.test(firstLine)
}

/** A `#` comment line: frame PC (return address − 1) and, when symbolized, function and place. */
interface HashLine {
  pc: string
  func: string
  file: string
  line: number
}

/**
 * Parses Go's heap profile text (`/debug/pprof/heap?debug=1`) like pprof's parseHeap: the header
 * gives the period (N/2 for `heap/N`) and whether alloc values are present, records are not
 * merged, zero records are kept, values are unsampled with float64 math and truncation, each
 * sample gets the numeric label `bytes`, and drop_frames/keep_frames are pprof's allocation
 * regexps. Unlike pprof, which needs the binary to symbolize, frames are named from the `#`
 * lines: a frame's `#` lines carry its `@` address minus one (several consecutive `#` lines with
 * one PC are inlined calls, innermost first); addresses without a `#` line (the leading
 * runtime frames and runtime.goexit, which Go hides) are left out. A record without any `#`
 * line keeps its addresses as `<unknown>` frames.
 */
export function parseHeapText(text: string, onProgress?: (done: number) => void): RawProfile {
  const raw = newRawProfile(text.length)
  const lines = text.split('\n')
  const header = lines[0].replace(/\r$/, '')
  const strings = new StringTable(raw.strings)
  let sampling = ''
  let period = 0
  let hasAlloc = false
  const h = HEADER_RE.exec(header)
  if (h) {
    period = h[6] === '' ? 0 : Number(h[6])
    hasAlloc = (h[3] !== h[1] && h[3] !== '0') || (h[4] !== h[2] && h[4] !== '0')
    if (h[5] === 'heapz_v2' || h[5] === 'heap_v2') sampling = 'v2'
    else if (h[5] === 'heapprofile') period = 1
    else if (h[5] === 'heap') {
      sampling = 'v2'
      period = Math.trunc(period / 2)
    } else {
      throw new ProfileError(
        `not a pprof profile: unknown heap profile kind "${h[5]}" in its first line`,
      )
    }
  } else {
    period = 1 // growthz and fragmentationz
  }
  raw.period = period
  raw.periodType = {type: strings.get('space'), unit: strings.get('bytes')}
  const types = hasAlloc
    ? ['alloc_objects', 'count', 'alloc_space', 'bytes']
        .concat(['inuse_objects', 'count', 'inuse_space', 'bytes'])
    : ['objects', 'count', 'space', 'bytes']
  for (const t of types) raw.sampleTypes.push(strings.get(t))
  raw.dropFrames = strings.get(ALLOC_RX)
  raw.keepFrames = strings.get(ALLOC_SKIP_RX)
  const bytesKey = strings.get('bytes')

  const frames = new FrameBuilder(raw, strings)
  let record: {addrs: string[]; hash: HashLine[]} | null = null
  const flush = () => {
    if (record) frames.addSample(record.addrs, record.hash)
    record = null
  }
  let done = 0
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i].trim()
    done += lines[i].length + 1
    if (onProgress && (i & 0xfff) === 0) onProgress(done)
    if (line === '') {
      flush()
      continue
    }
    if (line[0] === '#') {
      if (record) record.hash.push(parseHashLine(line))
      continue
    }
    if (MEMORY_MAP_SENTINELS.some((s) => line.includes(s))) break
    flush()
    const m = SAMPLE_RE.exec(line)
    if (!m) throw bad(i, `expected a record like "1: 64 [2: 128] @ 0x…", found "${clip(line)}"`)
    const values: number[] = []
    let blocksize = 0
    const add = (count: string, size: string, what: string) => {
      let c = parseValue(count, i)
      let s = parseValue(size, i)
      if (c === 0 && s !== 0) throw bad(i, `${what} count was 0 but ${what} bytes was ${s}`)
      if (c !== 0) {
        blocksize = Math.trunc(s / c)
        if (sampling === 'v2') [c, s] = scaleHeapSample(c, s, period)
      }
      values.push(c, s)
    }
    if (hasAlloc) add(m[3], m[4], 'allocation')
    add(m[1], m[2], 'inuse')
    for (const v of values) raw.samples.values.push(v)
    noteValueCount(raw.samples, values.length)
    raw.samples.labelSample.push(sampleCount(raw.samples))
    raw.samples.labelKey.push(bytesKey)
    raw.samples.labelNum.push(blocksize)
    record = {addrs: m[5].match(HEX_RE) ?? [], hash: []}
  }
  flush()
  return raw
}

/**
 * pprof's scaleHeapSample: the expected number and size of allocations behind a sampled
 * record, at sampling rate `rate` bytes (values truncated toward zero, float64 math).
 */
export function scaleHeapSample(count: number, size: number, rate: number): [number, number] {
  if (count === 0 || size === 0) return [0, 0]
  if (rate <= 1) return [count, size]
  const avgSize = size / count
  const scale = 1 / (1 - Math.exp(-avgSize / rate))
  return [Math.trunc(count * scale), Math.trunc(size * scale)]
}

function parseValue(s: string, line: number): number {
  const v = Number(s)
  if (!Number.isSafeInteger(v)) {
    throw bad(line, `value ${s} exceeds 2^53 and cannot be shown exactly`)
  }
  return v
}

function bad(line: number, why: string): ProfileError {
  return new ProfileError(`malformed heap profile: line ${line + 1}: ${why}`)
}

function parseHashLine(line: string): HashLine {
  // `#\t0x4e1d04\tmain.buildTree+0x64\t\texample.com/heapserver/main.go:79`, tab-padded.
  const parts = line.split(/\t+/)
  const pc = (parts[1] ?? '').trim()
  const fn = parts[2] ?? ''
  const place = parts.slice(3).join('\t')
  const plus = fn.lastIndexOf('+0x')
  const colon = place.lastIndexOf(':')
  return {
    pc: normalizeHex(pc),
    func: plus >= 0 ? fn.slice(0, plus) : fn,
    file: colon >= 0 ? place.slice(0, colon) : place,
    line: colon >= 0 ? Number(place.slice(colon + 1)) || 0 : 0,
  }
}

function normalizeHex(hex: string): string {
  const digits = hex.replace(/^0x0*/, '')
  return '0x' + (digits === '' ? '0' : digits)
}

/** hex(addr − 1) of an `@` address, as the `#` lines print a frame's PC. */
function minusOne(hex: string): string {
  return '0x' + (BigInt(hex) - 1n).toString(16)
}

class StringTable {
  private index = new Map<string, number>()
  private strings: string[]

  constructor(strings: string[]) {
    this.strings = strings
    this.get('')
  }

  get(s: string): number {
    let i = this.index.get(s)
    if (i === undefined) {
      i = this.strings.length
      this.strings.push(s)
      this.index.set(s, i)
    }
    return i
  }
}

/** Turns records into locations (one per address with its `#` lines), functions and paths. */
class FrameBuilder {
  private locationOf = new Map<string, number>() // address key → location id
  private functionOf = new Map<string, number>() // name \0 file → function id
  private raw: RawProfile
  private strings: StringTable

  constructor(raw: RawProfile, strings: StringTable) {
    this.raw = raw
    this.strings = strings
  }

  addSample(addrs: string[], hash: HashLine[]): void {
    const ids: number[] = [] // leaf first
    if (hash.length === 0) {
      for (const a of addrs) ids.push(this.location('?' + a, []))
    } else {
      const targets = addrs.map(minusOne)
      let j = 0
      for (let i = 0; i < targets.length; ) {
        const target = targets[i]
        let k = 1 // the same address repeated: recursion through one call site
        while (i + k < targets.length && targets[i + k] === target) k++
        // `#` lines that belong to no remaining address are skipped, so one stray line cannot
        // hide the rest of the stack.
        while (j < hash.length && hash[j].pc !== target && !targets.includes(hash[j].pc, i)) j++
        let m = 0
        while (j + m < hash.length && hash[j + m].pc === target) m++
        const per = Math.max(1, Math.floor(m / k))
        for (let r = 0; r < k && j < hash.length && hash[j].pc === target; r++) {
          const take = r === k - 1 ? m - per * (k - 1) : per
          ids.push(this.location(target, hash.slice(j, j + take)))
          j += take
        }
        i += k
      }
    }
    const samples = this.raw.samples
    for (const id of ids) samples.locations.push(id)
    samples.locationStart.push(samples.locations.length)
  }

  private location(key: string, group: HashLine[]): number {
    let id = this.locationOf.get(key)
    if (id !== undefined) return id
    const locs = this.raw.locations
    id = locs.id.length + 1
    this.locationOf.set(key, id)
    locs.id.push(id)
    locs.mappingId.push(0)
    for (const h of group) {
      if (h.func === '') continue // a PC without symbol information
      locs.lineFunctionId.push(this.function(h.func, h.file))
      locs.lineNumber.push(h.line)
    }
    locs.lineStart.push(locs.lineFunctionId.length)
    return id
  }

  private function(name: string, file: string): number {
    const key = name + '\u0000' + file
    let id = this.functionOf.get(key)
    if (id === undefined) {
      const fns = this.raw.functions
      id = fns.id.length + 1
      this.functionOf.set(key, id)
      fns.id.push(id)
      fns.name.push(this.strings.get(name))
      fns.file.push(this.strings.get(file))
    }
    return id
  }
}

/**
 * The catalog of Go allocation-cost hints, and the rules that recognise them from function
 * names on a stack. Used by hints.ts; the size-based rules are in hint-shapes.ts.
 *
 * What a Go heap profile shows: Go's writers drop the *leading* runtime.* frames of every stack
 * (the protobuf writer by location, the `?debug=1` text writer in its `#` lines), so the frames
 * that name the cost — runtime.growslice, runtime.mapassign*, runtime.convT*,
 * runtime.stringtoslicebyte, runtime.makeslice — are normally *not* in the profile: their bytes
 * are flat in the user function that called them. The runtime rules below fire only on profiles
 * that kept such frames (other writers, older tools, hand-made profiles). Frames of other std
 * packages are kept, so fmt.Sprint*, bytes.Buffer growth, strings.Builder writes and
 * encoding/json's interface decoding are reliably recognisable; in Go 1.24+ so is map growth,
 * whose code moved to internal/runtime/maps.
 */

/** The shapes of allocation cost recognised. */
export type HintKind =
  | 'append-growth'
  | 'map-growth'
  | 'boxing'
  | 'fmt-loop'
  | 'buffer-growth'
  | 'builder-growth'
  | 'json-map'
  | 'string-copy'
  | 'scratch-buffer'

/** The words shown for a kind of hint. */
export interface HintText {
  title: string
  explanation: string
  fix: string
}

/** Title, explanation and the usual fix, per kind. */
export const HINT_TEXT: Record<HintKind, HintText> = {
  'append-growth': {
    title: 'append without a capacity',
    explanation:
      'A slice grows by append: whenever its capacity runs out, runtime.growslice allocates a ' +
      'larger array (2×, about 1.25× once large) and copies the elements over, so one line ' +
      'allocates a series of doubling sizes and throws all but the last away.',
    fix:
      'Pre-size it when the length is known or can be estimated: make([]T, 0, n). For a slice ' +
      'rebuilt on every call, keep it and reuse it with s = s[:0].',
  },
  'map-growth': {
    title: 'map without a size hint',
    explanation:
      'A map grows as entries are added: runtime.mapassign (hashGrow) allocates a bucket array ' +
      'twice as large and moves the entries over, several times for a map filled from empty.',
    fix:
      'Give make a size hint when the number of entries is known or can be estimated: ' +
      'make(map[K]V, n). For a map rebuilt on every call, keep it and clear(m) it (Go 1.21+).',
  },
  boxing: {
    title: 'values boxed into interfaces',
    explanation:
      'Storing a non-pointer value (string, slice, number, struct) in an interface{} / any — a ' +
      '[]interface{} literal, a ...any argument, a map[string]interface{} — copies it to the ' +
      'heap (runtime.convT*): one small object per value.',
    fix:
      'Keep concrete types: typed struct fields or generics instead of interface{}; pass a ' +
      'pointer to a value that already lives on the heap; avoid ...any helpers on hot paths.',
  },
  'fmt-loop': {
    title: 'fmt.Sprintf in a loop',
    explanation:
      'fmt.Sprint* boxes each argument into an interface, formats into a pooled buffer and ' +
      'allocates the result string: several allocations per call, repeated in a loop.',
    fix:
      'Format with strconv (Itoa, AppendInt, AppendQuote) into a strings.Builder or a reused ' +
      '[]byte; for plain joins use + or strings.Join.',
  },
  'buffer-growth': {
    title: 'bytes.Buffer growing',
    explanation:
      'A bytes.Buffer that starts small grows by reallocating (bytes.(*Buffer).grow, ' +
      'bytes.growSlice) and copying its contents, several times for a large output.',
    fix:
      'Call buf.Grow(n) with the expected size before writing, or reuse buffers from a ' +
      'sync.Pool (Reset before use).',
  },
  'builder-growth': {
    title: 'strings.Builder growing',
    explanation:
      'A strings.Builder without Grow reallocates its byte slice (append) as writes exceed its ' +
      'capacity, copying what was written so far.',
    fix: 'Call b.Grow(n) with the expected length before the writes.',
  },
  'json-map': {
    title: 'JSON decoded into map[string]interface{}',
    explanation:
      'Decoding into interface{} / map[string]interface{} makes a map per object and a ' +
      '[]interface{} per array, and boxes every string, number and bool ' +
      '(encoding/json objectInterface / valueInterface, reflect map assignments).',
    fix:
      'Decode into a struct with just the fields you need: unknown fields are skipped without ' +
      'allocating. Use json.RawMessage for parts that are only passed on.',
  },
  'string-copy': {
    title: '[]byte(s) / string(b) copies',
    explanation:
      'Converting between string and []byte (runtime.stringtoslicebyte, slicebytetostring) or ' +
      'concatenating strings with + (runtime.concatstrings) copies the bytes into a new ' +
      'allocation every time; many sizes at one line are its mark.',
    fix:
      'Keep one representation end to end. Write strings into hashes and writers with ' +
      'io.WriteString, append to a reused []byte (append(buf[:0], s...)), build text with a ' +
      'strings.Builder.',
  },
  'scratch-buffer': {
    title: 'a scratch buffer per call',
    explanation:
      'A fixed-size buffer (runtime.makeslice) is allocated on every call and dropped soon ' +
      'after: allocation and GC work for nothing kept.',
    fix:
      'Reuse it: keep it in the caller or a struct field, or take it from a sync.Pool (store a ' +
      'pointer such as *[]byte so that Put does not allocate).',
  },
}

/**
 * The first element of a Go function's package path: `encoding` for
 * `encoding/json.(*decodeState).object`, `github.com` for `github.com/x/y.F`, `main` for
 * `main.f`. Type parameters (`[...]`) are ignored.
 */
export function firstPathElement(funcName: string): string {
  const bracket = funcName.indexOf('[')
  const name = bracket < 0 ? funcName : funcName.slice(0, bracket)
  const slash = name.indexOf('/')
  if (slash >= 0) return name.slice(0, slash)
  const dot = name.indexOf('.')
  return dot < 0 ? name : name.slice(0, dot)
}

/**
 * Is this function the user's own code? Go's rule for the standard library: its packages have no
 * dot in the first path element. So user code is package main, a test's
 * command-line-arguments, or a module path with a dot (example.com/x, github.com/y/z).
 * Unsymbolized frames (`[binary]`, `<unknown>`) are not user code. A module path without a dot
 * (allowed for local modules) looks like the standard library here: pass isUserCode then.
 */
export function isUserFunction(funcName: string): boolean {
  if (funcName === '' || funcName.startsWith('[') || funcName.startsWith('<')) return false
  const first = firstPathElement(funcName)
  if (first === 'main' || first === 'command-line-arguments') return true
  return first.includes('.') && first !== funcName
}

/** Part of the Go runtime: package runtime, or internal/runtime/… (maps in Go 1.24+). */
export function isRuntimeFunction(funcName: string): boolean {
  return funcName.startsWith('runtime.') || funcName.startsWith('internal/runtime/')
}

/** A frame rule's verdict on the frames between an allocation and the first user frame. */
export interface FrameMatch {
  kind: HintKind | 'json'
  /** The function that matched. */
  matched: string
  /** For 'json': the stack went through interface{} or map decoding. */
  dynamic?: boolean
}

/** A test for function names: exact names, or prefixes written with a trailing `*`. */
function names(...patterns: string[]): (name: string) => boolean {
  const exact = new Set(patterns.filter((p) => !p.endsWith('*')))
  const prefixes = patterns.filter((p) => p.endsWith('*')).map((p) => p.slice(0, -1))
  return (name) => exact.has(name) || prefixes.some((p) => name.startsWith(p))
}

const FMT = names('fmt.Sprint', 'fmt.Sprintf', 'fmt.Sprintln')
const BUFFER_GROW = names('bytes.growSlice', 'bytes.makeSlice', 'bytes.(*Buffer).grow')
const BUFFER_WRITE = names(
  ...['Write', 'WriteString', 'WriteByte', 'WriteRune', 'ReadFrom'].map(
    (m) => `bytes.(*Buffer).${m}`,
  ),
)
const BUILDER_WRITE = names(
  ...['Write', 'WriteString', 'WriteByte', 'WriteRune'].map((m) => `strings.(*Builder).${m}`),
)
const JSON_DECODE = names('encoding/json.Unmarshal', 'encoding/json.(*Decoder).Decode')
const JSON_DYNAMIC = names(
  ...['objectInterface', 'arrayInterface', 'valueInterface', 'literalInterface'].map(
    (m) => `encoding/json.(*decodeState).${m}`,
  ),
  'reflect.mapassign*',
  'reflect.makemap*',
  'reflect.MakeMap*',
  'reflect.Value.SetMapIndex',
)
const RUNTIME_RULES: [(name: string) => boolean, HintKind][] = [
  [names('runtime.growslice'), 'append-growth'],
  [
    names(
      'runtime.mapassign*',
      'runtime.hashGrow',
      'runtime.growWork*',
      'runtime.makeBucketArray',
      'runtime.makemap_small',
      'runtime.(*hmap).newoverflow',
      'internal/runtime/maps.*',
    ),
    'map-growth',
  ],
  [names('runtime.convT*'), 'boxing'],
  [
    names(
      'runtime.stringtoslicebyte',
      'runtime.stringtoslicerune',
      'runtime.slicebytetostring',
      'runtime.slicerunetostring',
      'runtime.concatstring*',
      'runtime.rawstring*',
      'runtime.rawbyteslice',
      'runtime.rawruneslice',
    ),
    'string-copy',
  ],
]

/**
 * Recognises a cost from the frames between an allocation and its first user frame, leaf first
 * (`segment`; the last one is the function the user code called). Returns null when no frame
 * rule applies (then the sizes may still tell, see hint-shapes.ts).
 */
export function matchFrames(segment: readonly string[]): FrameMatch | null {
  if (segment.length === 0) return null
  const entry = segment[segment.length - 1]
  if (JSON_DECODE(entry)) {
    const dynamic = segment.find((f) => JSON_DYNAMIC(f))
    return {kind: 'json', matched: dynamic ?? entry, dynamic: dynamic !== undefined}
  }
  if (FMT(entry)) return {kind: 'fmt-loop', matched: entry}
  if (BUFFER_WRITE(entry)) {
    const grow = segment.find((f) => BUFFER_GROW(f))
    return grow ? {kind: 'buffer-growth', matched: grow} : null
  }
  if (BUILDER_WRITE(entry)) return {kind: 'builder-growth', matched: entry}
  // Runtime frames count only when the user code called the runtime directly.
  if (!segment.every(isRuntimeFunction)) return null
  for (const [test, kind] of RUNTIME_RULES) {
    const f = segment.find(test)
    if (f) return {kind, matched: f}
  }
  return null
}

// Standard-library and third-party frames of the fake profile: goroutine roots and the
// allocation chains that end stacks (Go's heap writer already drops mallocgc and friends).

/** Where library packages live, as a Go binary built without -trimpath records it. */
const MODULE_DIRS = [
  ['google.golang.org/grpc', '/root/go/pkg/mod/google.golang.org/grpc@v1.59.0'],
  ['google.golang.org/protobuf', '/root/go/pkg/mod/google.golang.org/protobuf@v1.31.0'],
]

/**
 * File name for a library function, derived from its package path.
 * @param {string} name Go function name, e.g. `bytes.(*Buffer).grow`
 * @returns {string}
 */
export function libraryFile(name) {
  const slash = name.lastIndexOf('/')
  const pkg = name.slice(0, name.indexOf('.', slash + 1))
  const base = pkg.slice(pkg.lastIndexOf('/') + 1)
  for (const [mod, dir] of MODULE_DIRS) {
    if (pkg === mod) return `${dir}/${base}.go`
    if (pkg.startsWith(mod + '/')) return `${dir}${pkg.slice(mod.length)}/${base}.go`
  }
  return `/usr/local/go/src/${pkg}/${base}.go`
}

/**
 * Frames above the first application function, outermost first, with how often each kind
 * of goroutine roots a stack. The stack continues at one of `entries` functions of code-base
 * level `entryLevel` (handlers for servers, a few long-running loops for background goroutines).
 * @type {{name: string, weight: number, frames: string[], entryLevel: number, entries: number}[]}
 */
export const ROOTS = [
  {
    name: 'http',
    weight: 45,
    frames: [
      'net/http.(*conn).serve',
      'net/http.serverHandler.ServeHTTP',
      'net/http.(*ServeMux).ServeHTTP',
      'net/http.HandlerFunc.ServeHTTP',
    ],
    entryLevel: 0,
    entries: 220,
  },
  {
    name: 'grpc',
    weight: 30,
    frames: [
      'google.golang.org/grpc.(*Server).serveStreams.func1.2',
      'google.golang.org/grpc.(*Server).handleStream',
      'google.golang.org/grpc.(*Server).processUnaryRPC',
      'google.golang.org/grpc.chainUnaryInterceptors.func1',
    ],
    entryLevel: 0,
    entries: 160,
  },
  {name: 'main', weight: 5, frames: ['runtime.main', 'main.main'], entryLevel: 1, entries: 3},
  {name: 'goroutine', weight: 20, frames: [], entryLevel: 1, entries: 40},
]

/**
 * Allocation chains, outermost frame first. `inline[i]` marks the call into frames[i] as
 * inlined into frames[i-1]. `rec` repeats a pair of frames (mutual recursion, as in
 * encoding/json's interface decoding) up to `max` times before the last frame. `sizes` are
 * the object sizes (the `bytes` label) this site allocates.
 * @typedef {{frames: string[], inline?: number[], rec?: {pair: [string, string], max: number},
 *   sizes: number[], weight: number}} LeafChain
 * @type {LeafChain[]}
 */
export const LEAF_CHAINS = [
  {
    frames: [
      'encoding/json.Unmarshal',
      'encoding/json.(*decodeState).unmarshal',
      'encoding/json.(*decodeState).value',
      'encoding/json.(*decodeState).object',
      'encoding/json.(*decodeState).objectInterface',
    ],
    rec: {pair: ['encoding/json.(*decodeState).valueInterface', 'encoding/json.(*decodeState).objectInterface'], max: 4},
    sizes: [48, 336, 16, 32],
    weight: 8,
  },
  {
    frames: ['encoding/json.Unmarshal', 'encoding/json.(*decodeState).unmarshal', 'encoding/json.(*decodeState).value',
      'encoding/json.(*decodeState).literalStore', 'encoding/json.(*decodeState).literalInterface'],
    inline: [4],
    sizes: [16, 8, 24],
    weight: 3,
  },
  {frames: ['encoding/json.Marshal'], sizes: [64, 128, 256, 512, 1024], weight: 5},
  {frames: ['bytes.(*Buffer).Write', 'bytes.(*Buffer).grow', 'bytes.makeSlice'], inline: [2], sizes: [64, 512, 1024, 4096, 32768], weight: 6},
  {frames: ['bytes.(*Buffer).WriteString', 'bytes.(*Buffer).grow', 'bytes.makeSlice'], sizes: [128, 1024, 8192], weight: 3},
  {frames: ['bytes.(*Buffer).ReadFrom', 'bytes.(*Buffer).grow', 'bytes.makeSlice'], sizes: [512, 1024, 2048], weight: 2},
  {frames: ['bufio.NewReader', 'bufio.NewReaderSize'], inline: [1], sizes: [4096], weight: 5},
  {frames: ['bufio.NewWriterSize'], sizes: [4096], weight: 3},
  {frames: ['compress/gzip.(*Writer).Write', 'compress/flate.NewWriter'], sizes: [655360], weight: 0.5},
  {frames: ['io.ReadAll'], sizes: [512, 1024, 2048, 4096, 8192], weight: 4},
  {frames: ['fmt.Sprintf'], sizes: [8, 16, 24, 32, 48, 64], weight: 8},
  {frames: ['fmt.Errorf', 'fmt.Sprintf'], sizes: [16, 32, 48], weight: 2},
  {frames: ['strings.(*Builder).WriteString', 'strings.(*Builder).grow'], inline: [1], sizes: [16, 32, 64, 128, 256], weight: 4},
  {frames: ['strings.Join'], sizes: [16, 32, 64], weight: 2},
  {frames: ['strconv.FormatInt', 'strconv.formatBits'], inline: [1], sizes: [8, 16, 24], weight: 3},
  {frames: ['time.NewTimer'], sizes: [64], weight: 2},
  {frames: ['context.WithCancel', 'context.withCancel'], inline: [1], sizes: [48, 80], weight: 3},
  {frames: ['context.WithValue'], sizes: [48], weight: 3},
  {frames: ['sync.(*Pool).Get', 'sync.(*Pool).pin', 'sync.(*Pool).pinSlow'], inline: [1], sizes: [96, 384], weight: 2},
  {frames: ['reflect.MakeSlice', 'reflect.unsafe_NewArray'], sizes: [64, 256, 1024], weight: 2},
  {frames: ['reflect.New', 'reflect.unsafe_New'], sizes: [32, 48, 96], weight: 2},
  {frames: ['google.golang.org/protobuf/proto.Marshal', 'google.golang.org/protobuf/proto.MarshalOptions.marshal'], inline: [1], sizes: [64, 256, 1024, 4096], weight: 4},
  {
    frames: ['google.golang.org/protobuf/proto.Unmarshal', 'google.golang.org/protobuf/proto.UnmarshalOptions.unmarshal',
      'google.golang.org/protobuf/internal/impl.(*MessageInfo).unmarshalPointer', 'google.golang.org/protobuf/internal/impl.consumeBytes'],
    inline: [3],
    sizes: [16, 32, 64, 128],
    weight: 4,
  },
  {frames: ['regexp.(*Regexp).FindAllStringSubmatch', 'regexp.(*Regexp).allMatches', 'regexp.(*Regexp).FindAllStringSubmatch.func1'], sizes: [48, 96], weight: 1},
  {frames: ['regexp.MustCompile', 'regexp.Compile', 'regexp.compile', 'regexp/syntax.Compile'], sizes: [256, 1024], weight: 1},
  {
    frames: ['net/http.(*Client).Do', 'net/http.(*Client).do', 'net/http.(*Client).send', 'net/http.send',
      'net/http.(*Transport).RoundTrip', 'net/http.(*Transport).roundTrip', 'net/http.(*Transport).getConn',
      'net/http.(*Transport).dialConn', 'bufio.NewReaderSize'],
    inline: [8],
    sizes: [4096],
    weight: 2,
  },
  {
    frames: ['database/sql.(*DB).QueryContext', 'database/sql.(*DB).query', 'database/sql.(*DB).queryDC',
      'database/sql.withLock', 'database/sql.(*DB).queryDC.func1', 'database/sql.ctxDriverQuery'],
    sizes: [96, 256],
    weight: 2,
  },
  {frames: ['database/sql.(*Rows).Scan', 'database/sql.convertAssignRows', 'database/sql.cloneBytes'], inline: [2], sizes: [16, 32, 64], weight: 2},
  {frames: ['sort.Slice', 'reflect.Swapper'], sizes: [32], weight: 1},
  {frames: ['runtime.newproc', 'runtime.systemstack', 'runtime.newproc.func1', 'runtime.newproc1', 'runtime.malg'], sizes: [416], weight: 1},
]

/** Object sizes for allocations made directly in application code (make, new, append). */
export const FLAT_SIZES = [8, 16, 24, 32, 48, 64, 80, 96, 128, 256, 384, 512, 1024, 2048, 4096, 8192, 32768]

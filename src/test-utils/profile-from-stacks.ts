import type {Profile, ValueType} from '../model/profile'

/**
 * Builds a model Profile from readable text, for unit tests. One sample per line, in order
 * (samples are not merged, like pprof's):
 *
 *   main;foo;bar 30            stack root first, then one value per sample type
 *   main;render;newPoint[inline] 3200 1
 *   main;foo[line:12];bar[file:x.go] 5
 *   - 7                        "-" is an empty stack (counts in totals only)
 *
 * Frame attributes, in brackets at the end of a frame: `[inline]` (this frame was inlined into
 * its caller, i.e. it is not the last Line of its pprof Location), `[line:N]`, `[file:path]`.
 * Names may contain spaces: the last N whitespace-separated tokens are the values. Blank lines
 * and lines starting with `#` are ignored. Functions are deduplicated by (name, file), frames by
 * (func, line, inlined), stack entries by (prefix, frame).
 */
export interface ProfileFromStacksOptions {
  /** Default: one type {samples, count}. */
  sampleTypes?: ValueType[]
  /** Default: the last sample type. */
  defaultSampleType?: number
  /** Any other profile field (mainFile, timeMillis, comments, …). */
  meta?: Partial<Omit<Profile, 'funcs' | 'frames' | 'stacks' | 'samples' | 'strings'>>
}

let nextId = 1_000_000

const ATTRIBUTE = /\[(inline|line:\d+|file:[^\]]*)\]$/

interface ParsedFrame {
  name: string
  file: string
  line: number
  inlined: boolean
}

function parseFrame(text: string): ParsedFrame {
  const frame: ParsedFrame = {name: text, file: '', line: 0, inlined: false}
  for (let m = ATTRIBUTE.exec(frame.name); m; m = ATTRIBUTE.exec(frame.name)) {
    const attr = m[1]
    if (attr === 'inline') frame.inlined = true
    else if (attr.startsWith('line:')) frame.line = Number(attr.slice(5))
    else frame.file = attr.slice(5)
    frame.name = frame.name.slice(0, m.index)
  }
  return frame
}

/** See ProfileFromStacksOptions. Throws on a line without enough values. */
export function profileFromStacks(text: string, options: ProfileFromStacksOptions = {}): Profile {
  const sampleTypes = options.sampleTypes ?? [{type: 'samples', unit: 'count'}]
  const strings: string[] = ['']
  const stringIndex = new Map<string, number>([['', 0]])
  const intern = (s: string): number => {
    let i = stringIndex.get(s)
    if (i === undefined) {
      i = strings.length
      strings.push(s)
      stringIndex.set(s, i)
    }
    return i
  }
  const funcName: number[] = []
  const funcFile: number[] = []
  const funcIndex = new Map<string, number>()
  const frameFunc: number[] = []
  const frameLine: number[] = []
  const frameInlined: number[] = []
  const frameIndex = new Map<string, number>()
  const stackFrame: number[] = []
  const stackPrefix: number[] = []
  const stackIndex = new Map<string, number>()
  const sampleStack: number[] = []
  const values: number[][] = sampleTypes.map(() => [])

  const funcOf = (name: string, file: string): number => {
    const key = JSON.stringify([name, file])
    let f = funcIndex.get(key)
    if (f === undefined) {
      f = funcName.length
      funcName.push(intern(name))
      funcFile.push(intern(file))
      funcIndex.set(key, f)
    }
    return f
  }
  const frameOf = (p: ParsedFrame): number => {
    const func = funcOf(p.name, p.file)
    const key = `${func}:${p.line}:${p.inlined ? 1 : 0}`
    let fr = frameIndex.get(key)
    if (fr === undefined) {
      fr = frameFunc.length
      frameFunc.push(func)
      frameLine.push(p.line)
      frameInlined.push(p.inlined ? 1 : 0)
      frameIndex.set(key, fr)
    }
    return fr
  }
  const stackOf = (prefix: number, frame: number): number => {
    const key = `${prefix}:${frame}`
    let st = stackIndex.get(key)
    if (st === undefined) {
      st = stackFrame.length
      stackFrame.push(frame)
      stackPrefix.push(prefix)
      stackIndex.set(key, st)
    }
    return st
  }

  for (const raw of text.split('\n')) {
    const line = raw.trim()
    if (line === '' || line.startsWith('#')) continue
    const tokens = line.split(/\s+/)
    if (tokens.length < sampleTypes.length + 1) {
      const wanted = `a stack and ${sampleTypes.length} values`
      throw new Error(`profileFromStacks: expected ${wanted}: ${line}`)
    }
    const nums = tokens.splice(tokens.length - sampleTypes.length).map(Number)
    if (nums.some((n) => !Number.isInteger(n))) {
      throw new Error(`profileFromStacks: values must be integers: ${line}`)
    }
    const stackText = tokens.join(' ')
    let stack = -1
    if (stackText !== '-') {
      for (const part of stackText.split(';')) stack = stackOf(stack, frameOf(parseFrame(part)))
    }
    sampleStack.push(stack)
    nums.forEach((n, t) => values[t].push(n))
  }

  return {
    id: nextId++,
    fileName: 'test.pb.gz',
    format: 'pprof-gzip',
    strings,
    sampleTypes,
    defaultSampleType: options.defaultSampleType ?? sampleTypes.length - 1,
    periodType: null,
    period: 0,
    timeMillis: 0,
    durationNanos: 0,
    comments: [],
    docUrl: '',
    mainFile: '',
    buildId: '',
    dropFrames: '',
    keepFrames: '',
    ...options.meta,
    funcs: {
      name: Int32Array.from(funcName),
      file: Int32Array.from(funcFile),
      length: funcName.length,
    },
    frames: {
      func: Int32Array.from(frameFunc),
      line: Int32Array.from(frameLine),
      inlined: Uint8Array.from(frameInlined),
      length: frameFunc.length,
    },
    stacks: {
      frame: Int32Array.from(stackFrame),
      prefix: Int32Array.from(stackPrefix),
      length: stackFrame.length,
    },
    samples: {
      stack: Int32Array.from(sampleStack),
      values: values.map((v) => Float64Array.from(v)),
      bytes: null,
      length: sampleStack.length,
    },
  }
}

/** The common Go heap sample types, in Go's order (the default is inuse_space, the last). */
export const HEAP_SAMPLE_TYPES: ValueType[] = [
  {type: 'alloc_objects', unit: 'count'},
  {type: 'alloc_space', unit: 'bytes'},
  {type: 'inuse_objects', unit: 'count'},
  {type: 'inuse_space', unit: 'bytes'},
]

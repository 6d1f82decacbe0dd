import type {FrameTable, FuncTable, Profile, StackTable} from '../model/profile'
import {PairIds} from './diff-pair-map'
import type {Steps} from './steps'

// Entries handled between two yields (a few milliseconds of work): stack entries added (a hash
// lookup each, in a table of millions: cache misses), entries copied when compacting.
const ADD_PER_STEP = 1 << 14
const PER_STEP = 1 << 16

/**
 * String, function, frame and stack tables shared by several profiles, for merging them
 * (pprof's profileMerger, minus addresses and mappings, which the model does not keep).
 *
 * Functions are keyed by (name, file), frames by (function, line, inlined), stack entries by
 * (prefix entry, frame), so one call path of two profiles gets one stack entry. Entries keep the
 * order in which they were first added, so the stack table stays topological (prefix < entry).
 * Built in steps (addSteps, compactSteps) so that merging big profiles does not hold the page.
 */
export class UnionTables {
  private readonly strings: string[] = ['']
  private readonly stringIds = new Map<string, number>([['', 0]])
  private readonly funcIds: PairIds
  private readonly frameIds: PairIds
  private readonly stackIds: PairIds
  private readonly funcName: number[] = []
  private readonly funcFile: number[] = []
  private readonly frameFunc: number[] = []
  private readonly frameLine: number[] = []
  private readonly frameInlined: number[] = []
  // Per union stack entry (stackCount of them): its frame and prefix entry.
  private stackFrame: Int32Array
  private stackPrefix: Int32Array
  private stackCount = 0

  /**
   * `expected`: about how many functions, frames and stack entries will be added (at most: the
   * sums over the profiles), so that the tables of stack entries never grow: growing one of
   * millions of entries is a single step of a quarter of a second.
   */
  constructor(expected: {funcs: number; frames: number; stacks: number}) {
    this.funcIds = new PairIds(expected.funcs)
    this.frameIds = new PairIds(expected.frames)
    this.stackIds = new PairIds(expected.stacks)
    this.stackFrame = new Int32Array(Math.max(16, expected.stacks))
    this.stackPrefix = new Int32Array(Math.max(16, expected.stacks))
  }

  /** Gets the memory of the stack entries' hash table ready, in steps (see PairIds). */
  prepareSteps(): Steps<void> {
    return this.stackIds.touchSteps({stage: 'stacks', done: 0, total: this.stackFrame.length})
  }

  /**
   * Adds every function, frame and stack entry of `p`, in steps. Returns, for each stack entry
   * of `p`, its entry in the union tables (an index for `compactSteps`). Progress in stacks.
   */
  *addSteps(p: Profile): Steps<Int32Array> {
    const funcMap = new Int32Array(p.funcs.length)
    for (let f = 0; f < p.funcs.length; f++) {
      const name = this.intern(p.strings[p.funcs.name[f]])
      const file = this.intern(p.strings[p.funcs.file[f]])
      const id = this.funcIds.idOf(name, file)
      if (id === this.funcName.length) {
        this.funcName.push(name)
        this.funcFile.push(file)
      }
      funcMap[f] = id
    }
    yield {stage: 'stacks', done: 0, total: p.stacks.length}
    const frameMap = new Int32Array(p.frames.length)
    for (let fr = 0; fr < p.frames.length; fr++) {
      const func = funcMap[p.frames.func[fr]]
      const inlined = p.frames.inlined[fr]
      const line = p.frames.line[fr]
      const id = this.frameIds.idOf(func * 2 + inlined, line)
      if (id === this.frameFunc.length) {
        this.frameFunc.push(func)
        this.frameLine.push(line)
        this.frameInlined.push(inlined)
      }
      frameMap[fr] = id
    }
    yield {stage: 'stacks', done: 0, total: p.stacks.length}
    const stackMap = new Int32Array(p.stacks.length)
    const addStacks = (from: number, to: number) => {
      for (let e = from; e < to; e++) {
        const prefix = p.stacks.prefix[e]
        // The source table is topological too, so the prefix is already mapped.
        const up = prefix < 0 ? -1 : stackMap[prefix]
        const frame = frameMap[p.stacks.frame[e]]
        const id = this.stackIds.idOf(up + 1, frame)
        if (id === this.stackCount) this.pushStack(frame, up)
        stackMap[e] = id
      }
    }
    const n = p.stacks.length
    for (let e = 0; e < n; e += ADD_PER_STEP) {
      addStacks(e, Math.min(n, e + ADD_PER_STEP))
      yield {stage: 'stacks', done: Math.min(n, e + ADD_PER_STEP), total: n}
    }
    return stackMap
  }

  /**
   * Tables holding only what the given samples use (like pprof's Merge, which drops unused
   * locations and functions), in union order, in steps. `sampleStacks` holds union stack entries
   * (-1 for an empty stack) and is rewritten in place to index the returned stack table.
   */
  *compactSteps(sampleStacks: Int32Array): Steps<{
    strings: string[]
    funcs: FuncTable
    frames: FrameTable
    stacks: StackTable
  }> {
    const nStacks = this.stackCount
    const keepStack = new Uint8Array(nStacks)
    // Three passes over the stack entries, each a third of the progress.
    const progress = (done: number) => ({stage: 'stacks', done: done / 3, total: nStacks})
    for (const st of sampleStacks) if (st >= 0) keepStack[st] = 1
    const keepPrefixes = (from: number, to: number) => {
      for (let e = to - 1; e >= from; e--) {
        if (keepStack[e] === 1 && this.stackPrefix[e] >= 0) keepStack[this.stackPrefix[e]] = 1
      }
    }
    for (let end = nStacks; end > 0; end -= PER_STEP) {
      keepPrefixes(Math.max(0, end - PER_STEP), end)
      yield progress(nStacks - Math.max(0, end - PER_STEP))
    }
    const keepFrame = new Uint8Array(this.frameFunc.length)
    const keepFrames = (from: number, to: number) => {
      for (let e = from; e < to; e++) if (keepStack[e] === 1) keepFrame[this.stackFrame[e]] = 1
    }
    for (let e = 0; e < nStacks; e += PER_STEP) {
      keepFrames(e, Math.min(nStacks, e + PER_STEP))
      yield progress(nStacks + Math.min(nStacks, e + PER_STEP))
    }
    const keepFunc = new Uint8Array(this.funcName.length)
    for (let fr = 0; fr < keepFrame.length; fr++) {
      if (keepFrame[fr] === 1) keepFunc[this.frameFunc[fr]] = 1
    }

    const strings: string[] = ['']
    const newString = new Int32Array(this.strings.length).fill(-1)
    newString[0] = 0
    const str = (s: number): number => {
      if (newString[s] < 0) {
        newString[s] = strings.length
        strings.push(this.strings[s])
      }
      return newString[s]
    }
    const newFunc = renumber(keepFunc)
    const funcCount = count(keepFunc)
    const funcs: FuncTable = {
      name: new Int32Array(funcCount),
      file: new Int32Array(funcCount),
      length: funcCount,
    }
    for (let f = 0; f < keepFunc.length; f++) {
      if (keepFunc[f] === 0) continue
      funcs.name[newFunc[f]] = str(this.funcName[f])
      funcs.file[newFunc[f]] = str(this.funcFile[f])
    }
    const newFrame = renumber(keepFrame)
    const frameCount = count(keepFrame)
    const frames: FrameTable = {
      func: new Int32Array(frameCount),
      line: new Int32Array(frameCount),
      inlined: new Uint8Array(frameCount),
      length: frameCount,
    }
    for (let fr = 0; fr < keepFrame.length; fr++) {
      if (keepFrame[fr] === 0) continue
      frames.func[newFrame[fr]] = newFunc[this.frameFunc[fr]]
      frames.line[newFrame[fr]] = this.frameLine[fr]
      frames.inlined[newFrame[fr]] = this.frameInlined[fr]
    }
    const newStack = new Int32Array(nStacks)
    let stackCount = 0
    const renumberStacks = (from: number, to: number) => {
      for (let e = from; e < to; e++) newStack[e] = keepStack[e] === 1 ? stackCount++ : -1
    }
    for (let e = 0; e < nStacks; e += PER_STEP) {
      renumberStacks(e, Math.min(nStacks, e + PER_STEP))
      yield progress(2 * nStacks)
    }
    const stacks: StackTable = {
      frame: new Int32Array(stackCount),
      prefix: new Int32Array(stackCount),
      length: stackCount,
    }
    const copyStacks = (from: number, to: number) => {
      for (let e = from; e < to; e++) {
        if (keepStack[e] === 0) continue
        const p = this.stackPrefix[e]
        stacks.frame[newStack[e]] = newFrame[this.stackFrame[e]]
        stacks.prefix[newStack[e]] = p < 0 ? -1 : newStack[p]
      }
    }
    for (let e = 0; e < nStacks; e += PER_STEP) {
      copyStacks(e, Math.min(nStacks, e + PER_STEP))
      yield progress(2 * nStacks + Math.min(nStacks, e + PER_STEP))
    }
    for (let s = 0; s < sampleStacks.length; s++) {
      if (sampleStacks[s] >= 0) sampleStacks[s] = newStack[sampleStacks[s]]
    }
    return {strings, funcs, frames, stacks}
  }

  private pushStack(frame: number, prefix: number): void {
    if (this.stackCount === this.stackFrame.length) {
      const grow = (old: Int32Array) => {
        const data = new Int32Array(old.length * 2)
        data.set(old)
        return data
      }
      this.stackFrame = grow(this.stackFrame)
      this.stackPrefix = grow(this.stackPrefix)
    }
    this.stackFrame[this.stackCount] = frame
    this.stackPrefix[this.stackCount] = prefix
    this.stackCount++
  }

  private intern(s: string): number {
    let id = this.stringIds.get(s)
    if (id === undefined) {
      id = this.strings.length
      this.strings.push(s)
      this.stringIds.set(s, id)
    }
    return id
  }
}

// Old index → new index for the kept entries (in order), -1 for the others.
function renumber(keep: Uint8Array): Int32Array {
  const map = new Int32Array(keep.length).fill(-1)
  let next = 0
  for (let i = 0; i < keep.length; i++) if (keep[i] === 1) map[i] = next++
  return map
}

function count(keep: Uint8Array): number {
  let n = 0
  for (let i = 0; i < keep.length; i++) n += keep[i]
  return n
}

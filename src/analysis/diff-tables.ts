import type {FrameTable, FuncTable, Profile, StackTable} from '../model/profile'
import {PairIds} from './diff-pair-map'

/**
 * String, function, frame and stack tables shared by several profiles, for merging them
 * (pprof's profileMerger, minus addresses and mappings, which the model does not keep).
 *
 * Functions are keyed by (name, file), frames by (function, line, inlined), stack entries by
 * (prefix entry, frame), so one call path of two profiles gets one stack entry. Entries keep the
 * order in which they were first added, so the stack table stays topological (prefix < entry).
 */
export class UnionTables {
  private readonly strings: string[] = ['']
  private readonly stringIds = new Map<string, number>([['', 0]])
  private readonly funcIds = new PairIds(1024)
  private readonly frameIds = new PairIds(1024)
  private readonly stackIds = new PairIds(4096)
  private readonly funcName: number[] = []
  private readonly funcFile: number[] = []
  private readonly frameFunc: number[] = []
  private readonly frameLine: number[] = []
  private readonly frameInlined: number[] = []
  private readonly stackFrame: number[] = []
  private readonly stackPrefix: number[] = []

  /**
   * Adds every function, frame and stack entry of `p`. Returns, for each stack entry of `p`, its
   * entry in the union tables (an index for `compact`).
   */
  add(p: Profile): Int32Array {
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
    const stackMap = new Int32Array(p.stacks.length)
    for (let e = 0; e < p.stacks.length; e++) {
      const prefix = p.stacks.prefix[e]
      // The source table is topological too, so the prefix is already mapped.
      const up = prefix < 0 ? -1 : stackMap[prefix]
      const frame = frameMap[p.stacks.frame[e]]
      const id = this.stackIds.idOf(up + 1, frame)
      if (id === this.stackFrame.length) {
        this.stackFrame.push(frame)
        this.stackPrefix.push(up)
      }
      stackMap[e] = id
    }
    return stackMap
  }

  /**
   * Tables holding only what the given samples use (like pprof's Merge, which drops unused
   * locations and functions), in union order. `sampleStacks` holds union stack entries (-1 for
   * an empty stack) and is rewritten in place to index the returned stack table.
   */
  compact(sampleStacks: Int32Array): {
    strings: string[]
    funcs: FuncTable
    frames: FrameTable
    stacks: StackTable
  } {
    const nStacks = this.stackFrame.length
    const keepStack = new Uint8Array(nStacks)
    for (const st of sampleStacks) if (st >= 0) keepStack[st] = 1
    for (let e = nStacks - 1; e >= 0; e--) {
      if (keepStack[e] === 1 && this.stackPrefix[e] >= 0) keepStack[this.stackPrefix[e]] = 1
    }
    const keepFrame = new Uint8Array(this.frameFunc.length)
    for (let e = 0; e < nStacks; e++) if (keepStack[e] === 1) keepFrame[this.stackFrame[e]] = 1
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
    const newStack = renumber(keepStack)
    const stackCount = count(keepStack)
    const stacks: StackTable = {
      frame: new Int32Array(stackCount),
      prefix: new Int32Array(stackCount),
      length: stackCount,
    }
    for (let e = 0; e < nStacks; e++) {
      if (keepStack[e] === 0) continue
      const p = this.stackPrefix[e]
      stacks.frame[newStack[e]] = newFrame[this.stackFrame[e]]
      stacks.prefix[newStack[e]] = p < 0 ? -1 : newStack[p]
    }
    for (let s = 0; s < sampleStacks.length; s++) {
      if (sampleStacks[s] >= 0) sampleStacks[s] = newStack[sampleStacks[s]]
    }
    return {strings, funcs, frames, stacks}
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

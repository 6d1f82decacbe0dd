import type {StackTable} from '../model/profile'

// A stack entry with more children than this finds them through a Map instead of its list.
const WIDE = 32

/**
 * Builds a stack table (prefix tree) entry by entry, deduplicating (prefix, frame), for the
 * analyses that rewrite stacks (refine, granularity). Like computeCallNodeTable: each entry's
 * children are a linked list searched linearly, as most entries have a few children, with a
 * Map for wide ones. One big hash table over millions of entries would miss the cache on
 * every probe; these lists stay near the entries just made.
 */
export class StackInterner {
  private frame: Int32Array
  private prefix: Int32Array
  private firstChild: Int32Array // per entry, -1 for none; the roots' list is rootFirst
  private nextSibling: Int32Array
  private childCount: Int32Array
  private rootFirst = -1
  private rootCount = 0
  private readonly wide = new Map<number, number>() // parent slot * frameRange + frame → entry
  length = 0

  /** `frameRange`: every frame passed to intern is in [0, frameRange). */
  constructor(
    capacity: number,
    private readonly frameRange: number,
  ) {
    const size = Math.max(16, capacity)
    this.frame = new Int32Array(size)
    this.prefix = new Int32Array(size)
    this.firstChild = new Int32Array(size).fill(-1)
    this.nextSibling = new Int32Array(size)
    this.childCount = new Int32Array(size)
  }

  /** The entry `prefix` → `frame` (prefix -1: a root), made if new. Entries count from 0. */
  intern(prefix: number, frame: number): number {
    const count = prefix < 0 ? this.rootCount : this.childCount[prefix]
    let c: number
    if (count > WIDE) {
      c = this.wide.get(this.wideKey(prefix, frame)) ?? -1
    } else {
      c = prefix < 0 ? this.rootFirst : this.firstChild[prefix]
      while (c !== -1 && this.frame[c] !== frame) c = this.nextSibling[c]
    }
    if (c !== -1) return c
    return this.add(prefix, frame, count + 1)
  }

  private add(prefix: number, frame: number, siblings: number): number {
    if (this.length === this.frame.length) this.grow()
    const c = this.length++
    this.frame[c] = frame
    this.prefix[c] = prefix
    if (prefix < 0) {
      this.nextSibling[c] = this.rootFirst
      this.rootFirst = c
      this.rootCount = siblings
    } else {
      this.nextSibling[c] = this.firstChild[prefix]
      this.firstChild[prefix] = c
      this.childCount[prefix] = siblings
    }
    if (siblings === WIDE + 1) {
      // Just became wide: index every child.
      for (let s = c; s !== -1; s = this.nextSibling[s]) {
        this.wide.set(this.wideKey(prefix, this.frame[s]), s)
      }
    } else if (siblings > WIDE) {
      this.wide.set(this.wideKey(prefix, frame), c)
    }
    return c
  }

  private wideKey(prefix: number, frame: number): number {
    return (prefix + 1) * this.frameRange + frame
  }

  private grow(): void {
    const size = this.frame.length * 2
    const widen = (a: Int32Array, fill: number): Int32Array => {
      const b = new Int32Array(size)
      b.set(a)
      if (fill !== 0) b.fill(fill, a.length)
      return b
    }
    this.frame = widen(this.frame, 0)
    this.prefix = widen(this.prefix, 0)
    this.firstChild = widen(this.firstChild, -1)
    this.nextSibling = widen(this.nextSibling, 0)
    this.childCount = widen(this.childCount, 0)
  }

  /** The table so far, in creation order (prefix[i] < i). */
  table(): StackTable {
    return {
      frame: this.frame.slice(0, this.length),
      prefix: this.prefix.slice(0, this.length),
      length: this.length,
    }
  }
}

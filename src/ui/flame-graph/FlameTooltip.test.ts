// @vitest-environment jsdom
import {act, createElement} from 'react'
import {createRoot} from 'react-dom/client'
import {afterEach, beforeEach, describe, expect, it, vi} from 'vitest'
import type {Profile, ValueType} from '../../model/profile'
import {
  getCallNodeDiff,
  getCallNodeTable,
  getShownProfile,
  getTimings,
  hintSampleType,
  prefetchForHover,
} from '../../store/derived'
import {useViewer} from '../../store/store'
import {profileFromStacks} from '../../test-utils/profile-from-stacks'
import {FlameTooltip} from './FlameTooltip'

/**
 * The flame graph's tooltip only looks values up: what it shows is computed when the page is
 * idle after a load (prefetchForHover), so that the first hover of a big profile is immediate.
 * Every computation over the whole profile is counted here; hovering must add none.
 */

const work = vi.hoisted(() => ({timings: 0, diffs: 0, totals: 0, hintRuns: 0, hintSteps: 0, selfReads: 0}))

vi.mock('../../analysis/call-tree', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../analysis/call-tree')>()
  return {
    ...real,
    computeCallNodeTimings: (...args: Parameters<typeof real.computeCallNodeTimings>) => {
      work.timings++
      return real.computeCallNodeTimings(...args)
    },
  }
})
vi.mock('../../analysis/diff-call-nodes', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../analysis/diff-call-nodes')>()
  return {
    ...real,
    computeCallNodeDiff: (...args: Parameters<typeof real.computeCallNodeDiff>) => {
      work.diffs++
      return real.computeCallNodeDiff(...args)
    },
  }
})
vi.mock('../../analysis/top', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../analysis/top')>()
  return {
    ...real,
    sampleTotal: (...args: Parameters<typeof real.sampleTotal>) => {
      work.totals++
      return real.sampleTotal(...args)
    },
  }
})
vi.mock('../../analysis/hints', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../analysis/hints')>()
  return {
    ...real,
    allocationHintSteps: (...args: Parameters<typeof real.allocationHintSteps>) => {
      work.hintRuns++
      const steps = real.allocationHintSteps(...args)
      return {
        next: () => {
          work.hintSteps++
          return steps.next()
        },
        return: (v: never) => steps.return(v),
        throw: (e: unknown) => steps.throw(e),
        [Symbol.iterator]() {
          return this
        },
      }
    },
  }
})

const HEAP: ValueType[] = ['alloc_objects', 'alloc_space', 'inuse_objects', 'inuse_space'].map(
  (type) => ({type, unit: type.endsWith('space') ? 'bytes' : 'count'}),
)

// alloc_objects alloc_space inuse_objects inuse_space per sample.
const STACKS = `
  main.main;main.fill;runtime.growslice 4 4096 1 1024
  main.main;main.fill;main.helper 2 512 2 512
  main.main;main.count;runtime.mapassign_faststr;runtime.hashGrow;runtime.makeBucketArray 1 900 1 900
  main.main;main.render;fmt.Sprintf 10 640 0 0
  main.main;main.render;fmt.Sprintf;strconv.Itoa 3 48 1 16
  main.main 1 64 1 64
`

function heapProfile(text = STACKS): Profile {
  return profileFromStacks(text, {sampleTypes: HEAP, defaultSampleType: 3})
}

// A fake requestIdleCallback: the test runs the idle periods, each with no time to spare, so
// that every unit of work gets its own period.
let idle: IdleRequestCallback[] = []
function runIdlePeriods(): number {
  let periods = 0
  while (idle.length > 0) {
    idle.shift()!({didTimeout: false, timeRemaining: () => 0})
    periods++
  }
  return periods
}

// Counts reads of CallNodeTimings.self, which computes self for every call node on first read.
function countSelfReads(profile: Profile): () => void {
  const proto = Object.getPrototypeOf(getTimings(profile, 0)) as object
  const desc = Object.getOwnPropertyDescriptor(proto, 'self')!
  Object.defineProperty(proto, 'self', {
    ...desc,
    get(this: unknown) {
      work.selfReads++
      return desc.get!.call(this)
    },
  })
  return () => Object.defineProperty(proto, 'self', desc)
}

function resetWork() {
  for (const k of Object.keys(work) as (keyof typeof work)[]) work[k] = 0
}

/** The tooltip's text for every node of the profile's call tree, root (-1) first. */
function hoverEveryNode(
  profile: Profile,
  sampleType: number,
  diff: {base: Float64Array; current: Float64Array} | null = null,
): string[] {
  const host = document.createElement('div')
  document.body.append(host)
  const root = createRoot(host)
  const texts: string[] = []
  for (let node = -1; node < getCallNodeTable(profile).length; node++) {
    act(() => root.render(createElement(FlameTooltip, {profile, sampleType, node, x: 5, y: 5, diff})))
    texts.push(host.textContent ?? '')
  }
  act(() => root.unmount())
  host.remove()
  return texts
}

beforeEach(() => {
  ;(globalThis as {IS_REACT_ACT_ENVIRONMENT?: boolean}).IS_REACT_ACT_ENVIRONMENT = true
  idle = []
  vi.stubGlobal('requestIdleCallback', (cb: IdleRequestCallback) => idle.push(cb))
  vi.stubGlobal('cancelIdleCallback', () => {})
  resetWork()
})
afterEach(() => {
  vi.unstubAllGlobals()
  useViewer.setState({profile: null, base: null, sampleType: 0})
})

describe('the flame graph tooltip', () => {
  it('computes nothing over the profile on hover once the page has been idle', () => {
    const p = heapProfile()
    const inuse = 3
    useViewer.setState({profile: p, sampleType: inuse})
    getTimings(p, inuse) // drawn
    prefetchForHover(p, {opened: p, hintType: hintSampleType(p, inuse), comparing: false})
    const periods = runIdlePeriods()
    // One period per sample type, one for the totals, the hints in steps, and their index.
    expect(periods).toBeGreaterThan(HEAP.length + 2)
    expect(work.hintRuns).toBe(1)

    const restore = countSelfReads(p)
    resetWork()
    const texts = hoverEveryNode(p, inuse)
    restore()
    expect(work).toEqual({timings: 0, diffs: 0, totals: 0, hintRuns: 0, hintSteps: 0, selfReads: 0})

    const fill = texts.find((t) => t.startsWith('main.fill'))!
    expect(fill).toContain('flat 0B (0%) · cum 1.5kB (61.05%)')
    expect(fill).toContain('💡 ')
    expect(fill).toContain('alloc_space0B4.5kB')
    expect(fill).toContain('bytes/objectin use 512B · allocated 768B')
    expect(texts.find((t) => t.startsWith('main.render'))).toContain('💡 ')
    expect(texts.find((t) => t.startsWith('main.helper'))).not.toContain('💡')
    expect(texts[0]).toBe('roottotal 2.46kB')
  })

  it('shows the same as when it computes everything on the first hover', () => {
    const prefetched = heapProfile()
    const cold = heapProfile()
    useViewer.setState({profile: prefetched, sampleType: 1})
    prefetchForHover(prefetched, {opened: prefetched, hintType: 1, comparing: false})
    runIdlePeriods()
    const expected = hoverEveryNode(prefetched, 1)

    useViewer.setState({profile: cold, sampleType: 1})
    resetWork()
    expect(hoverEveryNode(cold, 1)).toEqual(expected)
    // Without the idle time the first hover computes it all (what made it slow).
    expect(work.timings).toBeGreaterThan(0)
    expect(work.hintRuns).toBe(1)
  })

  it('finishes at once hints it has begun computing when idle', () => {
    const p = heapProfile()
    useViewer.setState({profile: p, sampleType: 3})
    prefetchForHover(p, {opened: p, hintType: 1, comparing: false})
    // The timings and totals, then the first step of the hints.
    for (let i = 0; i < HEAP.length + 2; i++) idle.shift()!({didTimeout: false, timeRemaining: () => 0})
    expect(work.hintRuns).toBe(1)
    const stepsSoFar = work.hintSteps
    expect(stepsSoFar).toBeGreaterThan(0)
    const texts = hoverEveryNode(p, 3)
    expect(work.hintRuns).toBe(1) // the same computation, carried on
    expect(work.hintSteps).toBeGreaterThan(stepsSoFar)
    expect(texts.find((t) => t.startsWith('main.fill'))).toContain('💡 ')
    // Nothing left for the idle periods but cheap lookups.
    const before = {...work}
    runIdlePeriods()
    expect(work).toEqual(before)
  })

  it('stops when asked (the profile was replaced)', () => {
    const p = heapProfile()
    const stop = prefetchForHover(p, {opened: p, hintType: 1, comparing: false})
    stop()
    runIdlePeriods()
    expect(work).toEqual({timings: 0, diffs: 0, totals: 0, hintRuns: 0, hintSteps: 0, selfReads: 0})
  })

  it('in a comparison, computes nothing over the profiles on hover either', () => {
    const base = heapProfile()
    const current = heapProfile(`${STACKS}\n  main.main;main.fill;runtime.growslice 8 8192 4 4096\n`)
    const merged = getShownProfile(current, base, 'diff_base', false)
    const t = merged.sampleTypes.findIndex((s) => s.type === 'inuse_space')
    useViewer.setState({profile: current, base, sampleType: 3})
    const d = getCallNodeDiff(merged, t) // drawn
    prefetchForHover(merged, {opened: current, hintType: hintSampleType(current, 3), comparing: true})
    runIdlePeriods()

    const restore = countSelfReads(merged)
    resetWork()
    const texts = hoverEveryNode(merged, t, {base: d.baseTotal, current: d.currentTotal})
    restore()
    expect(work).toEqual({timings: 0, diffs: 0, totals: 0, hintRuns: 0, hintSteps: 0, selfReads: 0})
    const fill = texts.find((t) => t.startsWith('main.fill'))!
    expect(fill).toContain('base 1.5kB → current 5.5kB, delta +4kB (+266.7%)')
    expect(fill).toContain('💡 ')
  })
})

import {describe, expect, it} from 'vitest'
import {runSteps, sortedSteps, type Steps} from './steps'

/** Runs steps to the end, counting the yields. */
function count<T>(steps: Steps<T>): {value: T; yields: number} {
  let yields = 0
  for (;;) {
    const step = steps.next()
    if (step.done) return {value: step.value, yields}
    yields++
  }
}

describe('sortedSteps', () => {
  // Items with many equal keys: the result must be the stable sort's.
  const items = Array.from({length: 30_000}, (_, i) => ({key: (i * 7919) % 97, i}))
  const byKey = (a: {key: number}, b: {key: number}) => a.key - b.key

  for (const limit of [0, 1, 15, 4096, 4097, 10_000, Infinity]) {
    it(`gives [...items].sort(compare).slice(0, ${limit}), in steps`, () => {
      const {value, yields} = count(sortedSteps(items, byKey, limit, 'items'))
      expect(value).toEqual([...items].sort(byKey).slice(0, limit))
      expect(yields).toBeGreaterThan(7)
    })
  }

  it('sorts small and empty lists, and leaves its input alone', () => {
    const list = [3, 1, 2]
    expect(runSteps(sortedSteps(list, (a, b) => a - b, Infinity, 'n'))).toEqual([1, 2, 3])
    expect(list).toEqual([3, 1, 2])
    expect(runSteps(sortedSteps([], (a: number, b: number) => a - b, 5, 'n'))).toEqual([])
  })

  it('reports its progress in the items it sorts', () => {
    const steps = sortedSteps(items, byKey, 10, 'items')
    const first = steps.next()
    expect(first.done).toBe(false)
    expect(first.value).toEqual({stage: 'items', done: 4096, total: 30_000})
  })
})

import {describe, expect, it} from 'vitest'
import {profileFromStacks} from '../test-utils/profile-from-stacks'
import {aggregateProfile, applyGranularity, cleanPath, printableName} from './granularity'
import {computeTop} from './top'

const TEXT = `
  main[file:/src/main.go][line:10];f[file:/src/a.go][line:3];g[file:/src/a.go][line:7] 5
  main[file:/src/main.go][line:11];f[file:/src/a.go][line:4] 2
  main[file:/src/main.go][line:10];f[file:/src/./b.go][line:3] 1
`

function top(granularity: Parameters<typeof applyGranularity>[1]): Record<string, number[]> {
  const p = applyGranularity(profileFromStacks(TEXT), granularity)
  return Object.fromEntries(computeTop(p, 0).rows.map((r) => [r.name, [r.flat, r.cum]]))
}

describe('applyGranularity', () => {
  it('functions: one node per name (the profile itself when nothing is renamed)', () => {
    const p = profileFromStacks(TEXT)
    expect(applyGranularity(p, 'functions')).toBe(p)
    expect(top('functions')).toEqual({g: [5, 5], f: [3, 8], main: [0, 8]})
  })

  it('filefunctions: one node per name and cleaned file', () => {
    expect(top('filefunctions')).toEqual({
      'g /src/a.go': [5, 5],
      'f /src/a.go': [2, 7],
      'f /src/b.go': [1, 1],
      'main /src/main.go': [0, 8],
    })
  })

  it('files: one node per file, named by it', () => {
    expect(top('files')).toEqual({'/src/a.go': [7, 7], '/src/b.go': [1, 1], '/src/main.go': [0, 8]})
  })

  it('lines: one node per name, file and line', () => {
    expect(top('lines')).toEqual({
      'g /src/a.go:7': [5, 5],
      'f /src/a.go:4': [2, 2],
      'f /src/b.go:3': [1, 1],
      'f /src/a.go:3': [0, 5],
      'main /src/main.go:10': [0, 6],
      'main /src/main.go:11': [0, 2],
    })
  })

  it('gives each node its name, file and line', () => {
    const {info} = aggregateProfile(profileFromStacks(TEXT), 'lines')
    expect(info.find((i) => i.printable === 'f /src/b.go:3')).toEqual({
      name: 'f',
      file: '/src/b.go',
      line: 3,
      printable: 'f /src/b.go:3',
    })
  })

  it('names nameless nodes by their file, else their mapping, and keeps pseudo frames', () => {
    const p = profileFromStacks('main;[libc.so.6] 1\nmain;x 2', {meta: {mainFile: '/app/srv'}})
    expect(computeTop(applyGranularity(p, 'files'), 0).rows.map((r) => r.name)).toEqual([
      '[srv]',
      '[libc.so.6]',
    ])
  })

  it('is memoized per profile and granularity', () => {
    const p = profileFromStacks(TEXT)
    expect(applyGranularity(p, 'lines')).toBe(applyGranularity(p, 'lines'))
  })
})

describe('cleanPath (Go filepath.Clean)', () => {
  const cases: [string, string][] = [
    ['', ''],
    ['.', '.'],
    ['a/b/../c', 'a/c'],
    ['a//b/./c/', 'a/b/c'],
    ['/../x', '/x'],
    ['../../a', '../../a'],
    ['a/..', '.'],
    ['/', '/'],
    ['example.com/x/main.go', 'example.com/x/main.go'],
  ]
  for (const [input, want] of cases) {
    it(`${JSON.stringify(input)} → ${JSON.stringify(want)}`, () => {
      expect(cleanPath(input)).toBe(want)
    })
  }
})

describe('printableName', () => {
  it('follows NodeInfo.PrintableName', () => {
    expect(printableName('f', 'a.go', 12, '')).toBe('f a.go:12')
    expect(printableName('f', '', 12, '')).toBe('f :12')
    expect(printableName('f', 'a.go', 0, '')).toBe('f a.go')
    expect(printableName('f', '', 0, '/bin/x')).toBe('f')
    expect(printableName('', '', 0, '/bin/x')).toBe('[x]')
    expect(printableName('', '', 0, '')).toBe('<unknown>')
  })
})

import {describe, expect, it} from 'vitest'
import {runInterleaved} from './steps-test-support'
import type {Profile, ValueType} from '../model/profile'
import {profileFromStacks} from '../test-utils/profile-from-stacks'
import {firstPathElement, isUserFunction, matchFrames} from './hint-rules'
import {allocationHints, allocationHintSteps, type AllocationHint} from './hints'
import {loadFixture, typeIndex} from './series-test-support'
import {computeTop} from './top'

const find = (hints: AllocationHint[], kind: string, fn: string) =>
  hints.find((h) => h.kind === kind && h.userFunction === fn)

function hintsOf(path: string, type = 'alloc_space', minShare?: number): AllocationHint[] {
  const p = loadFixture(path)
  return allocationHints(p, typeIndex(p, type), {minShare})
}

function cumOf(p: Profile, type: string, name: string): number {
  return computeTop(p, typeIndex(p, type)).rows.find((r) => r.name === name)?.cum ?? NaN
}

// The hotspots the heapserver fixture was written to have (fixtures/README.md, heap/).
const EXPECTED: [string, string, 'frame' | 'sizes', number[]][] = [
  ['append-growth', 'main.formatKeys', 'sizes', [104]],
  ['fmt-loop', 'main.formatKeys', 'frame', [104]],
  ['map-growth', 'main.countWords', 'sizes', [115]],
  ['boxing', 'main.boxFields', 'sizes', [125]],
  ['json-map', 'main.decodeBody', 'frame', [94]],
  ['string-copy', 'main.checksum', 'sizes', [154]],
  ['buffer-growth', 'main.render', 'frame', [134, 141, 145, 146]],
  ['builder-growth', 'main.makeRequests', 'frame', [228, 229]],
  ['scratch-buffer', 'main.(*server).handle', 'sizes', [169]],
]

describe('allocationHints on the heapserver fixture', () => {
  for (const file of ['heap/heap.pb.gz', 'heap/heap.txt']) {
    describe(file, () => {
      const hints = hintsOf(file)

      it('names the right user function for each known hotspot', () => {
        for (const [kind, fn, evidence, lines] of EXPECTED) {
          const h = find(hints, kind, fn)
          expect(h, `${kind} in ${fn}`).toBeDefined()
          expect(h?.evidence).toBe(evidence)
          expect(h?.lines).toEqual(lines)
          expect(h?.share).toBeGreaterThan(0.001)
        }
      })

      it('attributes every hint to user code, largest first, with the usual fix', () => {
        expect(hints.every((h) => isUserFunction(h.userFunction))).toBe(true)
        expect(hints.every((h) => h.fix !== '' && h.title !== '' && h.why !== '')).toBe(true)
        for (let i = 1; i < hints.length; i++) {
          expect(hints[i - 1].value).toBeGreaterThanOrEqual(hints[i].value)
        }
        // The boxed allocations of buildTree's node data are not called boxing.
        expect(find(hints, 'boxing', 'main.buildTree')).toBeUndefined()
        expect(find(hints, 'append-growth', 'main.(*server).handle')?.lines).toContain(209)
      })

      it("counts the same bytes pprof puts under the library call's cum", () => {
        const p = loadFixture(file)
        expect(find(hints, 'json-map', 'main.decodeBody')?.value).toBe(
          cumOf(p, 'alloc_space', 'encoding/json.Unmarshal'),
        )
        const fmt = hints.filter((h) => h.kind === 'fmt-loop').reduce((a, h) => a + h.value, 0)
        expect(fmt).toBe(cumOf(p, 'alloc_space', 'fmt.Sprintf'))
        expect(find(hints, 'buffer-growth', 'main.render')?.value).toBe(
          cumOf(p, 'alloc_space', 'bytes.(*Buffer).grow'),
        )
        const checksum = find(hints, 'string-copy', 'main.checksum') as AllocationHint
        expect(checksum.sizes).toEqual([416, 448, 480, 512, 576, 640, 704])
        expect(checksum.allocObjects).toBe(3000)
        expect(checksum.inuseSpace).toBe(640)
      })
    })
  }

  it('finds the same hints in both formats of the snapshot', () => {
    const key = (h: AllocationHint) => [h.kind, h.userFunction, h.value, h.lines, h.why].join(' ')
    expect(hintsOf('heap/heap.txt').map(key).sort()).toEqual(
      hintsOf('heap/heap.pb.gz').map(key).sort(),
    )
  })

  it('finds the small sessions map with no share floor, and ranks by the sample type', () => {
    const all = hintsOf('heap/heap.pb.gz', 'alloc_space', 0)
    expect(find(all, 'map-growth', 'main.(*server).handle')?.lines).toEqual([207])
    const inuse = hintsOf('heap/heap.pb.gz', 'inuse_space')
    expect(inuse.every((h) => h.value === h.inuseSpace && h.value > 0)).toBe(true)
    expect(find(inuse, 'scratch-buffer', 'main.(*server).handle')).toBeUndefined()
  })

  it('finds the leak series sites', () => {
    const hints = hintsOf('leak/heap-005.pb.gz')
    expect(find(hints, 'append-growth', 'main.leakyCachePut')).toBeDefined()
    expect(find(hints, 'scratch-buffer', 'main.steadyRing')?.sizes).toEqual([2048])
  })
})

const HEAP: ValueType[] = ['alloc_objects', 'alloc_space', 'inuse_objects', 'inuse_space'].map(
  (type) => ({type, unit: type.endsWith('space') ? 'bytes' : 'count'}),
)

function heap(text: string): Profile {
  return profileFromStacks(text, {sampleTypes: HEAP})
}

describe('allocationHints from runtime frames (profiles that keep them)', () => {
  it('recognises each runtime allocation function called from user code', () => {
    const p = heap(`
      main.main;main.fill;runtime.growslice 1 100 0 0
      main.count;runtime.mapassign_faststr;runtime.hashGrow;runtime.makeBucketArray 1 90 0 0
      github.com/a/b.(*T).Log;runtime.convTstring 1 80 0 0
      main.main;main.sum;runtime.stringtoslicebyte 1 70 0 0
      main.main;main.join;runtime.concatstring2;runtime.concatstrings;runtime.rawstringtmp 1 60 1 60
      main.count;runtime.mapassign_faststr;internal/runtime/maps.(*Map).growToTable 1 50 0 0
      main.main;main.itoa;strconv.Itoa;runtime.growslice 1 40 0 0
      main.main;main.make;runtime.makeslice 1 30 0 0
    `)
    const hints = allocationHints(p, typeIndex(p, 'alloc_space'))
    const summary = hints.map((h) => [h.kind, h.userFunction, h.value, h.evidence])
    expect(summary).toEqual([
      ['map-growth', 'main.count', 140, 'frame'],
      ['append-growth', 'main.fill', 100, 'frame'],
      ['boxing', 'github.com/a/b.(*T).Log', 80, 'frame'],
      ['string-copy', 'main.sum', 70, 'frame'],
      ['string-copy', 'main.join', 60, 'frame'],
    ])
    expect(hints[0].why).toMatch(/runtime\.makeBucketArray|internal\/runtime\/maps/)
    expect(hints[0].inuseSpace).toBe(0)
    expect(hints.find((h) => h.userFunction === 'main.join')?.inuseObjects).toBe(1)
  })

  it('gives no hint inside library code, for struct decoding, or for a pre-sized builder', () => {
    const p = heap(`
      main.main;main.itoa;strconv.Itoa;strconv.formatBits 1 40 0 0
      main.load;encoding/json.Unmarshal;encoding/json.(*decodeState).object;reflect.New 1 30 0 0
      main.pad;strings.Repeat;strings.(*Builder).Grow;strings.(*Builder).grow 1 20 0 0
      main.render;bytes.(*Buffer).Grow;bytes.(*Buffer).grow;bytes.growSlice 1 10 0 0
      runtime.main;runtime.newproc1;runtime.malg 1 5 1 5
    `)
    expect(allocationHints(p, typeIndex(p, 'alloc_space'), {minShare: 0})).toEqual([])
  })

  it('lets the caller say what user code is, and cut the list', () => {
    const p = heap(`
      mycorp/svc.Handle;fmt.Sprintf 1 40 0 0
      main.main;fmt.Sprint 1 30 0 0
    `)
    const t = typeIndex(p, 'alloc_space')
    expect(allocationHints(p, t).map((h) => h.userFunction)).toEqual(['main.main'])
    const isUserCode = (name: string) => name.startsWith('mycorp/') || name.startsWith('main.')
    const both = allocationHints(p, t, {isUserCode})
    expect(both.map((h) => h.userFunction)).toEqual(['mycorp/svc.Handle', 'main.main'])
    expect(allocationHints(p, t, {isUserCode, limit: 1})).toHaveLength(1)
  })
})

describe('allocationHintSteps', () => {
  it('does the work in small steps, two profiles at a time, with the same hints', () => {
    // 3000 samples: stacks through runtime allocators, and 40 user lines allocating directly
    // objects of doubling sizes (hinted from their sizes), so that every phase takes steps.
    const lines: string[] = []
    for (let i = 0; i < 3000; i++) {
      const fn = `main.f${i % 40}`
      if (i % 3 === 0) lines.push(`main.main;${fn};runtime.growslice 1 ${8 << i % 6} 0 0`)
      else if (i % 3 === 1) lines.push(`main.main;main.g${i % 40}[line:${i % 40}] 1 ${16 << i % 7} 0 0`)
      else lines.push(`main.main;${fn};fmt.Sprintf 2 64 1 32`)
    }
    const p = heap(lines.join('\n'))
    const q = heap(lines.slice(0, 2000).join('\n'))
    const t = typeIndex(p, 'alloc_space')
    const expected = [allocationHints(p, t, {minShare: 0}), allocationHints(q, t, {minShare: 0})]
    expect(new Set(expected[0].map((h) => h.evidence))).toEqual(new Set(['frame', 'sizes']))

    const runs = [allocationHintSteps(p, t, {minShare: 0}), allocationHintSteps(q, t, {minShare: 0})]
    const {results, steps} = runInterleaved(runs)
    expect(steps).toBeGreaterThan(6)
    expect(results).toEqual(expected)
  })
})

describe('hint rules', () => {
  it('tells user code from the standard library by the first path element', () => {
    const user = [
      'main.f',
      'main.(*server).handle',
      'github.com/a/b.F',
      'gopkg.in/yaml.v3.(*parser).parse',
      'example.com/m.F[go.shape.int]',
      'command-line-arguments.TestX',
    ]
    const notUser = [
      'runtime.main',
      'encoding/json.Unmarshal',
      'sync.(*Pool).Get',
      'vendor/golang.org/x/net/http2.f',
      'internal/runtime/maps.newarray',
      '[heapserver]',
      '<unknown>',
      'malloc',
      '',
    ]
    expect(user.filter((n) => !isUserFunction(n))).toEqual([])
    expect(notUser.filter(isUserFunction)).toEqual([])
    expect(firstPathElement('encoding/json.(*decodeState).object')).toBe('encoding')
    expect(firstPathElement('main.main.func1')).toBe('main')
  })

  it('matches on the function the user code called', () => {
    expect(matchFrames([])).toBeNull()
    expect(matchFrames(['fmt.(*buffer).write', 'fmt.Sprintf'])?.kind).toBe('fmt-loop')
    expect(matchFrames(['fmt.Sprintf', 'errors.New'])).toBeNull()
    expect(matchFrames(['strings.(*Builder).WriteString'])?.kind).toBe('builder-growth')
    expect(matchFrames(['runtime.growslice', 'runtime.newobject'])?.kind).toBe('append-growth')
    expect(matchFrames(['runtime.newobject'])).toBeNull()
  })
})

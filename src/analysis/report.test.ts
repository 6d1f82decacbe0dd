import {describe, expect, it} from 'vitest'
import {HEAP_SAMPLE_TYPES, profileFromStacks} from '../test-utils/profile-from-stacks'
import {formatGoTime, formatTopText, profileLabels} from './report'

const CPU_TYPES = [
  {type: 'samples', unit: 'count'},
  {type: 'cpu', unit: 'nanoseconds'},
]
const NOV_25 = Date.UTC(2026, 10, 25, 8, 29, 33, 123)

describe('formatGoTime', () => {
  it('uses the layout "Jan 2, 2006 at 3:04pm (MST)"', () => {
    expect(formatGoTime(NOV_25, 'UTC')).toBe('Nov 25, 2026 at 8:29am (UTC)')
    const nov14 = Date.UTC(2023, 10, 14, 22, 13)
    expect(formatGoTime(nov14, 'UTC')).toBe('Nov 14, 2023 at 10:13pm (UTC)')
    expect(formatGoTime(Date.UTC(2026, 0, 2, 0, 5), 'UTC')).toBe('Jan 2, 2026 at 12:05am (UTC)')
    expect(formatGoTime(Date.UTC(2026, 8, 2, 12, 0), 'UTC')).toBe('Sep 2, 2026 at 12:00pm (UTC)')
    expect(formatGoTime(Date.UTC(2026, 0, 2, 23, 59), 'America/Los_Angeles')).toBe(
      'Jan 2, 2026 at 3:59pm (PST)',
    )
  })

  it('defaults to the local zone', () => {
    const d = new Date(NOV_25)
    const expected = `${d.getHours() % 12 || 12}:${String(d.getMinutes()).padStart(2, '0')}`
    expect(formatGoTime(NOV_25)).toContain(` at ${expected}`)
  })
})

describe('profileLabels', () => {
  it('prints File, Build ID, comments, Type and Time', () => {
    const p = profileFromStacks('main 1 2 3 4', {
      sampleTypes: HEAP_SAMPLE_TYPES,
      meta: {
        mainFile: '/app/heapserver',
        buildId: 'abc123',
        comments: ['hello', '#hidden', 'world'],
        timeMillis: NOV_25,
      },
    })
    expect(profileLabels(p, 3, {timeZone: 'UTC'})).toEqual([
      'File: heapserver',
      'Build ID: abc123',
      'hello',
      'world',
      'Type: inuse_space',
      'Time: Nov 25, 2026 at 8:29am (UTC)',
    ])
  })

  it('prints the duration with the total as a share of it for time units', () => {
    const p = profileFromStacks('main 475 4750000000', {
      sampleTypes: CPU_TYPES,
      meta: {durationNanos: 5_219_300_000},
    })
    expect(profileLabels(p, 1, {outputUnit: 's'})).toEqual([
      'Type: cpu',
      'Duration: 5.22s, Total samples = 4.75s (91.01%)',
    ])
    // No percentage for counts; Go still prints the separating space.
    expect(profileLabels(p, 0)).toEqual(['Type: samples', 'Duration: 5.22s, Total samples = 475 '])
  })
})

describe('formatTopText', () => {
  const p = profileFromStacks(
    `
    runtime.main;main.main;main.render;main.makeShape[inline];main.newPoint[inline] 3200
    runtime.main;main.main;main.format;strings.WriteString[inline];strings.grow 640
    runtime.main;main.main;main.format 0
    `,
    {
      sampleTypes: [{type: 'inuse_space', unit: 'bytes'}],
      meta: {mainFile: '/app/edgecase', timeMillis: Date.UTC(2023, 10, 14, 22, 13)},
    },
  )

  it('prints pprof -top', () => {
    expect(formatTopText(p, 0, {timeZone: 'UTC'})).toBe(
      [
        'File: edgecase',
        'Type: inuse_space',
        'Time: Nov 14, 2023 at 10:13pm (UTC)',
        'Showing nodes accounting for 3840B, 100% of 3840B total',
        '      flat  flat%   sum%        cum   cum%',
        '     3200B 83.33% 83.33%      3200B 83.33%  main.newPoint (inline)',
        '      640B 16.67%   100%       640B 16.67%  strings.grow',
        '         0     0%   100%       640B 16.67%  main.format',
        '         0     0%   100%      3840B   100%  main.main',
        '         0     0%   100%      3200B 83.33%  main.makeShape (inline)',
        '         0     0%   100%      3200B 83.33%  main.render',
        '         0     0%   100%      3840B   100%  runtime.main',
        '         0     0%   100%       640B 16.67%  strings.WriteString (inline)',
        '',
      ].join('\n'),
    )
  })

  it('prints pprof -top -cum with an explicit unit', () => {
    const text = formatTopText(p, 0, {sort: 'cum', unit: 'kB', timeZone: 'UTC'})
    expect(text.split('\n').slice(3, 7)).toEqual([
      'Showing nodes accounting for 3.75kB, 100% of 3.75kB total',
      '      flat  flat%   sum%        cum   cum%',
      '         0     0%     0%     3.75kB   100%  main.main',
      '         0     0%     0%     3.75kB   100%  runtime.main',
    ])
  })

  it('prints the running sum of signed flat values unsigned', () => {
    const diff = profileFromStacks('main;grow 3072\nmain;shrink -1024\nmain;other 1024', {
      sampleTypes: [{type: 'inuse_space', unit: 'bytes'}],
    })
    expect(formatTopText(diff, 0).split('\n')).toEqual([
      'Type: inuse_space',
      'Showing nodes accounting for 3kB, 60.00% of 5kB total',
      '      flat  flat%   sum%        cum   cum%',
      '       3kB 60.00% 60.00%        3kB 60.00%  grow',
      '       1kB 20.00% 80.00%        1kB 20.00%  other',
      '      -1kB 20.00% 60.00%       -1kB 20.00%  shrink',
      '         0     0% 60.00%        3kB 60.00%  main',
      '',
    ])
  })

  it('prints an empty report for a profile without samples', () => {
    const empty = profileFromStacks('', {sampleTypes: HEAP_SAMPLE_TYPES})
    expect(formatTopText(empty, 3)).toBe(
      'Type: inuse_space\nShowing nodes accounting for 0, 0% of 0 total\n' +
        '      flat  flat%   sum%        cum   cum%\n',
    )
  })
})

import {describe, expect, it} from 'vitest'
import {hashValue, nameFromUrl, parseArgs, UsageError} from './args.mjs'

describe('the launcher command line', () => {
  it('takes a profile, a base, a port, like pprof', () => {
    expect(parseArgs(['t1.pb.gz', '--base', 't0.pb.gz', '--port', '8080'])).toEqual({
      profile: 't1.pb.gz',
      base: 't0.pb.gz',
      port: 8080,
      open: true,
      build: true,
      help: false,
    })
    expect(parseArgs(['-http=:9090', '-base=t0', 't1']).port).toBe(9090)
    expect(parseArgs(['--port=0', '--no-open', '--no-build'])).toMatchObject({
      port: 0,
      open: false,
      build: false,
      profile: null,
    })
    expect(parseArgs([])).toMatchObject({profile: null, base: null, port: null})
  })

  it('refuses what it does not understand', () => {
    expect(() => parseArgs(['--bogus'])).toThrow(UsageError)
    expect(() => parseArgs(['a', 'b'])).toThrow(/one profile at a time/)
    expect(() => parseArgs(['--base', 'x'])).toThrow(/needs a profile/)
    expect(() => parseArgs(['a', '--port', 'http'])).toThrow(/not a port/)
    expect(() => parseArgs(['a', '--port'])).toThrow(/needs a value/)
  })

  it('writes hash values the way the page reads them', () => {
    expect(hashValue('profiles/0/heap%20x.pb.gz')).toBe('profiles/0/heap%2520x.pb.gz')
    expect(hashValue('http://h:1/a?b=c&d')).toBe('http://h:1/a%3Fb%3Dc%26d')
    expect(nameFromUrl('http://localhost:6060/debug/pprof/heap?gc=1')).toBe('heap')
  })
})

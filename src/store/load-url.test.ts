import {describe, expect, it} from 'vitest'
import {corsMessage, downloadNameFor, nameFromUrl} from './load-url'

describe('names of profiles opened by URL', () => {
  it('is the last path segment', () => {
    expect(nameFromUrl('http://localhost:6060/debug/pprof/heap')).toBe('heap')
    expect(nameFromUrl('https://h/a/t1%20x.pb.gz?x=1')).toBe('t1 x.pb.gz')
    expect(nameFromUrl('profiles/0/heap.pb.gz', 'http://127.0.0.1:5173/')).toBe('heap.pb.gz')
    expect(nameFromUrl('http://h:1/')).toBe('h:1')
  })

  it('saves under a name with an extension, .txt for ?debug=1', () => {
    expect(downloadNameFor('http://localhost:6060/debug/pprof/heap')).toBe('heap.pb.gz')
    expect(downloadNameFor('http://localhost:6060/debug/pprof/heap?debug=1')).toBe('heap.txt')
    expect(downloadNameFor('http://h/x/cpu.pprof')).toBe('cpu.pprof')
    expect(downloadNameFor("http://h/it's;rm -rf")).toBe('it_s_rm_-rf.pb.gz')
  })

  it('gives a curl command safe to paste in a shell', () => {
    const m = corsMessage("http://h/heap?a=1&b='x'", 'http://127.0.0.1:4173')
    expect(m).toContain('does not allow cross-origin reads from http://127.0.0.1:4173')
    expect(m).toContain(`curl -o heap.pb.gz 'http://h/heap?a=1&b='\\''x'\\'''`)
  })
})

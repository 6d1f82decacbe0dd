import type {Profile} from '../model/profile'

/**
 * What kind of profile this is, in the words of Go's runtime/pprof, from its sample types:
 * heap, allocs (`go test -memprofile`, /debug/pprof/allocs), cpu, goroutine, contention
 * (mutex or block: they share sample types), or the sample types themselves.
 */
export function profileKind(p: Profile): string {
  const types = p.sampleTypes.map((t) => t.type)
  const has = (t: string) => types.includes(t)
  if (has('inuse_space') && has('alloc_space')) {
    const dflt = p.sampleTypes[p.defaultSampleType]?.type
    return dflt === 'alloc_space' || dflt === 'alloc_objects' ? 'heap (allocs)' : 'heap'
  }
  if (has('space') && has('objects')) return 'heap'
  if (has('cpu')) return 'cpu'
  if (has('goroutine')) return 'goroutine'
  if (has('contentions') && has('delay')) return 'contention (mutex or block)'
  if (has('threadcreate')) return 'threadcreate'
  return types.join(', ') || 'unknown'
}

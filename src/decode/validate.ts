import {ProfileError} from './errors'
import {type RawProfile, locationIdOfKey, sampleCount} from './raw'

/**
 * Table indices for the ids of a RawProfile, after pprof's CheckValid passed. The samples'
 * location keys (raw.samples.locations) are replaced by location indices in place.
 */
export interface ResolvedIds {
  /** Function index of each location line. */
  lineFunction: Int32Array
  /** Mapping index of each location, -1 for none (a dangling mapping_id is none, as in pprof). */
  locationMapping: Int32Array
}

/**
 * pprof's Profile.CheckValid (profile/profile.go) on a RawProfile, with its messages prefixed
 * `malformed profile: ` like ParseData's, in its order: sample types, value counts, sample
 * locations, then mappings, functions and locations (zero and duplicate ids, lines without a
 * function). Returns the ids resolved to table indices.
 */
export function validate(raw: RawProfile): ResolvedIds {
  const nTypes = raw.sampleTypes.length / 2
  const samples = raw.samples
  const nSamples = sampleCount(samples)
  if (nSamples > 0 && nTypes === 0) fail('missing sample type information')
  // pprof fails later, when it reports; without a sample type there is nothing to show.
  if (nTypes === 0) throw new ProfileError('profile has no samples (and no sample types)')
  if (nSamples > 0) {
    const bad =
      samples.valuesPerSample !== nTypes ? samples.valuesPerSample : samples.otherValueCount
    if (bad >= 0) fail(`mismatch: sample has ${bad} values vs. ${nTypes} types`)
  }

  const mappings = new IdIndex(raw.mappings.id.data, raw.mappings.id.length)
  const functions = new IdIndex(raw.functions.id.data, raw.functions.id.length)
  const locations = new IdIndex(raw.locations.id.data, raw.locations.id.length)

  const sampleLocations = samples.locations.data
  const nLocations = raw.locations.id.length
  if (locations.isDense() && raw.bigLocationIds.length === 0) {
    // The usual case (ids 1..n in table order): check and shift, no lookups.
    for (let i = 0; i < samples.locations.length; i++) {
      const id = sampleLocations[i]
      if (id < 1 || id > nLocations) {
        fail(`sample has nil location (location id ${id} is not in the profile)`)
      }
      sampleLocations[i] = id - 1
    }
  } else for (let i = 0; i < samples.locations.length; i++) {
    const id = locationIdOfKey(raw, sampleLocations[i])
    const loc = locations.get(id)
    if (loc < 0) fail(`sample has nil location (location id ${id} is not in the profile)`)
    sampleLocations[i] = loc
  }

  mappings.check('found mapping with reserved ID=0', 'multiple mappings with same id')
  functions.check('found function with reserved ID=0', 'multiple functions with same id')
  locations.check('found location with reserved id=0', 'multiple locations with same id')

  const locs = raw.locations
  const nLocs = locs.id.length
  const lineStart = locs.lineStart.data
  const lineFunctionId = locs.lineFunctionId.data
  const lineFunction = new Int32Array(locs.lineFunctionId.length)
  const locationMapping = new Int32Array(nLocs)
  for (let l = 0; l < nLocs; l++) {
    for (let i = lineStart[l]; i < lineStart[l + 1]; i++) {
      const f = functions.get(lineFunctionId[i])
      if (f < 0) fail(`location id: ${locs.id.data[l]} has a line with nil function`)
      lineFunction[i] = f
    }
    const m = locs.mappingId.data[l]
    locationMapping[l] = m === 0 ? -1 : mappings.get(m)
  }
  return {lineFunction, locationMapping}
}

function fail(message: string): never {
  throw new ProfileError(`malformed profile: ${message}`)
}

/**
 * id → table index. Producers almost always number ids 1..n in table order, which needs no
 * lookup structure; small ids use a direct table, others a Map. Notes id 0 and duplicates
 * (pprof's lookup maps keep the last of duplicates; CheckValid then rejects the profile).
 */
class IdIndex {
  private n: number
  private dense = true
  private table: Int32Array | null = null
  private map: Map<number, number> | null = null
  private zero = false
  private duplicate = -1

  constructor(ids: Float64Array, n: number) {
    this.n = n
    let max = 0
    for (let i = 0; i < n; i++) {
      if (ids[i] !== i + 1) this.dense = false
      if (ids[i] > max) max = ids[i]
    }
    if (this.dense) return
    if (max <= 4 * n + 1024) {
      const table = new Int32Array(max + 1).fill(-1)
      for (let i = 0; i < n; i++) {
        if (table[ids[i]] >= 0) this.noteDuplicate(ids[i])
        table[ids[i]] = i
      }
      this.table = table
    } else {
      const map = new Map<number, number>()
      for (let i = 0; i < n; i++) {
        if (map.has(ids[i])) this.noteDuplicate(ids[i])
        map.set(ids[i], i)
      }
      this.map = map
    }
    for (let i = 0; i < n; i++) if (ids[i] === 0) this.zero = true
  }

  private noteDuplicate(id: number): void {
    if (this.duplicate < 0) this.duplicate = id
  }

  /** Are the ids exactly 1..n in table order? */
  isDense(): boolean {
    return this.dense
  }

  /** The index for `id`, -1 if absent. Id 0 is never found: in a reference it means "none". */
  get(id: number): number {
    if (id === 0) return -1
    if (this.dense) return id <= this.n ? id - 1 : -1
    if (this.table) return id < this.table.length ? this.table[id] : -1
    return this.map!.get(id) ?? -1
  }

  check(zeroMessage: string, duplicateMessage: string): void {
    if (this.zero) fail(zeroMessage)
    if (this.duplicate >= 0) fail(`${duplicateMessage}: ${this.duplicate}`)
  }
}

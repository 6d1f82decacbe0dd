import {GrowableFloat64, GrowableInt32} from './tables'

/**
 * A parsed profile before validation and model building: pprof's tables as typed arrays, with
 * ids and string indices still unresolved (strings may come after their users in the file).
 * Made by protobuf.ts and heap-text.ts, checked by validate.ts, turned into a Profile by build.ts.
 */
export interface RawProfile {
  strings: string[]
  /** sample_type as string indices: type of sample type t at 2t, unit at 2t+1. */
  sampleTypes: number[]
  /** Location ids too large for an int32 key, by key -2 - index (see locationKey). */
  bigLocationIds: number[]
  bigLocationKeys: Map<number, number>
  samples: RawSamples
  locations: RawLocations
  functions: RawFunctions
  mappings: RawMappings
  /** String indices; periodType is null when the field is absent. */
  dropFrames: number
  keepFrames: number
  periodType: {type: number; unit: number} | null
  period: number
  timeNanos: number
  durationNanos: number
  comments: number[]
  defaultSampleType: number
  docUrl: number
}

/** Samples in file order. Values are row-major with `valuesPerSample` per row. */
export interface RawSamples {
  /**
   * The location keys of sample s (see locationKey), leaf first, are
   * locations[locationStart[s] .. locationStart[s+1]]; validate() turns them into indices.
   */
  locations: GrowableInt32
  locationStart: GrowableInt32
  values: GrowableFloat64
  /** Values of the first sample (-1 before any sample); every sample must have as many. */
  valuesPerSample: number
  /** The first value count that differs from `valuesPerSample`, -1 if none. */
  otherValueCount: number
  /** Numeric labels: sample index, key (string index), value. Only num != 0 or unit != 0. */
  labelSample: GrowableInt32
  labelKey: GrowableInt32
  labelNum: GrowableFloat64
}

/** Locations; the lines of location i are lineStart[i] .. lineStart[i+1] (innermost first). */
export interface RawLocations {
  id: GrowableFloat64
  mappingId: GrowableFloat64
  lineStart: GrowableInt32
  lineFunctionId: GrowableFloat64
  lineNumber: GrowableFloat64
}

/** Functions: id, name and file name (string indices). */
export interface RawFunctions {
  id: GrowableFloat64
  name: GrowableInt32
  file: GrowableInt32
}

/** Mappings: id, file name and build id (string indices); mapping 0 is the main binary. */
export interface RawMappings {
  id: GrowableFloat64
  file: GrowableInt32
  buildId: GrowableInt32
}

/** An empty RawProfile to fill. */
export function newRawProfile(sizeHint = 0): RawProfile {
  // Location ids are most of a big profile's bytes, at 2 to 3 bytes each: half the input size
  // is room for all of them in practice, so no doubling copies (the untouched tail of a large
  // allocation costs no memory until it is written).
  const locations = new GrowableInt32(Math.min(1 << 28, Math.max(1024, sizeHint >> 1)))
  const locationStart = new GrowableInt32()
  locationStart.push(0)
  const lineStart = new GrowableInt32()
  lineStart.push(0)
  return {
    strings: [],
    sampleTypes: [],
    bigLocationIds: [],
    bigLocationKeys: new Map(),
    samples: {
      locations,
      locationStart,
      values: new GrowableFloat64(),
      valuesPerSample: -1,
      otherValueCount: -1,
      labelSample: new GrowableInt32(),
      labelKey: new GrowableInt32(),
      labelNum: new GrowableFloat64(),
    },
    locations: {
      id: new GrowableFloat64(),
      mappingId: new GrowableFloat64(),
      lineStart,
      lineFunctionId: new GrowableFloat64(),
      lineNumber: new GrowableFloat64(),
    },
    functions: {id: new GrowableFloat64(), name: new GrowableInt32(), file: new GrowableInt32()},
    mappings: {id: new GrowableFloat64(), file: new GrowableInt32(), buildId: new GrowableInt32()},
    dropFrames: 0,
    keepFrames: 0,
    periodType: null,
    period: 0,
    timeNanos: 0,
    durationNanos: 0,
    comments: [],
    defaultSampleType: 0,
    docUrl: 0,
  }
}

/** The number of samples so far. */
export function sampleCount(samples: RawSamples): number {
  return samples.locationStart.length - 1
}

/** Records a sample's value count against the first sample's. */
export function noteValueCount(samples: RawSamples, count: number): void {
  if (samples.valuesPerSample < 0) samples.valuesPerSample = count
  else if (count !== samples.valuesPerSample && samples.otherValueCount < 0) {
    samples.otherValueCount = count
  }
}

/** An int32 key for a location id: the id itself when it fits (almost always), else -2 - n. */
export function locationKey(raw: RawProfile, id: number): number {
  if (id <= 0x7fffffff) return id
  let key = raw.bigLocationKeys.get(id)
  if (key === undefined) {
    key = -2 - raw.bigLocationIds.length
    raw.bigLocationIds.push(id)
    raw.bigLocationKeys.set(id, key)
  }
  return key
}

/** The location id of a key made by locationKey. */
export function locationIdOfKey(raw: RawProfile, key: number): number {
  return key >= 0 ? key : raw.bigLocationIds[-2 - key]
}

import type {Profile, ValueType} from '../model/profile'
import {formatValue, scaleValue} from './format'

/**
 * Whether pprof would compare two profiles (`-base` / `-diff_base`): its errors, from
 * measurement.ScaleProfiles, Profile.compatible and combineHeaders (go1.19), plus warnings about
 * what pprof accepts silently but makes a comparison doubtful.
 */

/** Whether two profiles can be compared: an error (pprof refuses) and/or warnings. */
export interface Comparability {
  /** pprof's message when it refuses to merge, e.g. `incompatible sample types …`; else null. */
  error: string | null
  /** Things that make the comparison doubtful but that pprof accepts. */
  warnings: string[]
}

// The unit family of pprof's measurement tables ('B', 's', 'GCU'), '' for units it does not know.
function unitFamily(unit: string): string {
  return scaleValue(0, unit, 'auto').unit
}

// pprof's compatibleValueTypes (measurement.go): types equal but for a trailing 's', and units
// equal or of one family.
function valueTypesCompatible(a: ValueType, b: ValueType): boolean {
  if (a.type.replace(/s$/, '') !== b.type.replace(/s$/, '')) return false
  if (a.unit === b.unit) return true
  return unitFamily(a.unit) !== '' && unitFamily(a.unit) === unitFamily(b.unit)
}

// After ScaleProfiles has unified the units, combineHeaders wants identical types. Normalize
// checks compatibility before units are unified, so it wants identical units too.
function sameValueType(a: ValueType, b: ValueType, exactUnit: boolean): boolean {
  return a.type === b.type && valueTypesCompatible(a, b) && (!exactUnit || a.unit === b.unit)
}

function describeTypes(types: ValueType[]): string {
  return '[' + types.map((t) => `${t.type}/${t.unit}`).join(' ') + ']'
}

function describeType(t: ValueType | null): string {
  return t === null ? '<none>' : `${t.type}/${t.unit}`
}

function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1)
}

/**
 * Can `base` be subtracted from `current`? Errors as pprof's: `incompatible sample types [a/u
 * …] and [b/v …]` (the types must be the same, in the same order; units may differ within a
 * family, e.g. bytes and kilobytes, except with -normalize, where pprof compares them before
 * unifying) and `incompatible period types x/u and y/v`. Warnings (pprof says nothing): different
 * sampling periods, different main binaries or build ids.
 */
export function checkComparable(
  current: Profile,
  base: Profile,
  options: {normalize?: boolean} = {},
): Comparability {
  const exactUnit = options.normalize === true
  const warnings: string[] = []
  const a = current.periodType
  const b = base.periodType
  const periodOk = a === null || b === null ? a === b : sameValueType(a, b, exactUnit)
  if (!periodOk) {
    return {error: `incompatible period types ${describeType(a)} and ${describeType(b)}`, warnings}
  }
  const types = current.sampleTypes
  const baseTypes = base.sampleTypes
  const typesOk =
    types.length === baseTypes.length &&
    types.every((t, i) => sameValueType(t, baseTypes[i], exactUnit))
  if (!typesOk) {
    const [x, y] = [describeTypes(types), describeTypes(baseTypes)]
    return {error: `incompatible sample types ${x} and ${y}`, warnings}
  }
  if (a !== null && b !== null) {
    const basePeriod = scaleValue(base.period, b.unit, a.unit).value
    if (basePeriod !== current.period) {
      const fmt = (v: number, u: string) => formatValue(v, u, 'auto')
      warnings.push(
        `different sampling periods: ${fmt(current.period, a.unit)} in the current profile, ` +
          `${fmt(base.period, b.unit)} in the base; ` +
          'sampled values are estimates at different rates',
      )
    }
  }
  if (current.mainFile !== '' && base.mainFile !== '' && current.mainFile !== base.mainFile) {
    const [x, y] = [baseName(current.mainFile), baseName(base.mainFile)]
    warnings.push(`different binaries: ${x} (current) and ${y} (base)`)
  }
  if (current.buildId !== '' && base.buildId !== '' && current.buildId !== base.buildId) {
    warnings.push(`different build ids: ${current.buildId} (current) and ${base.buildId} (base)`)
  }
  return {error: null, warnings}
}

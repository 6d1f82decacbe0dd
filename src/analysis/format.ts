/**
 * pprof's unit handling and number text (internal/measurement/measurement.go), reproduced to the
 * byte: `Scale`, `ScaledLabel`, `Percentage`, and the report's one-unit rule `selectOutputUnit`.
 *
 * Go formats with `%.2f` and `%5.2g`, which round the exact binary value half to even. JavaScript's
 * `toFixed` and `toExponential` round the exact binary value too, but exact ties go up (away from
 * zero), so ties are detected and fixed here.
 */

interface Unit {
  name: string
  aliases: string[]
  factor: number
}

interface UnitType {
  units: Unit[]
  defaultUnit: Unit
}

const BYTE: Unit = {name: 'B', aliases: ['b', 'byte'], factor: 1}
const SECOND: Unit = {name: 's', aliases: ['s', 'sec', 'second'], factor: 1e9}
const GCU: Unit = {name: 'GCU', aliases: ['gcu'], factor: 1}

const UNIT_TYPES: UnitType[] = [
  {
    units: [
      BYTE,
      {name: 'kB', aliases: ['kb', 'kbyte', 'kilobyte'], factor: 2 ** 10},
      {name: 'MB', aliases: ['mb', 'mbyte', 'megabyte'], factor: 2 ** 20},
      {name: 'GB', aliases: ['gb', 'gbyte', 'gigabyte'], factor: 2 ** 30},
      {name: 'TB', aliases: ['tb', 'tbyte', 'terabyte'], factor: 2 ** 40},
      {name: 'PB', aliases: ['pb', 'pbyte', 'petabyte'], factor: 2 ** 50},
    ],
    defaultUnit: BYTE,
  },
  {
    units: [
      {name: 'ns', aliases: ['ns', 'nanosecond'], factor: 1},
      {name: 'us', aliases: ['μs', 'us', 'microsecond'], factor: 1e3},
      {name: 'ms', aliases: ['ms', 'millisecond'], factor: 1e6},
      SECOND,
      {name: 'hrs', aliases: ['hour', 'hr'], factor: 3.6e12},
    ],
    // pprof's default time unit has no aliases: it is only a fallback target, never sniffed.
    defaultUnit: {name: 's', aliases: [], factor: 1e9},
  },
  {
    units: [
      {name: 'n*GCU', aliases: ['nanogcu'], factor: 1e-9},
      {name: 'u*GCU', aliases: ['microgcu'], factor: 1e-6},
      {name: 'm*GCU', aliases: ['milligcu'], factor: 1e-3},
      GCU,
      {name: 'k*GCU', aliases: ['kilogcu'], factor: 1e3},
      {name: 'M*GCU', aliases: ['megagcu'], factor: 1e6},
      {name: 'G*GCU', aliases: ['gigagcu'], factor: 1e9},
      {name: 'T*GCU', aliases: ['teragcu'], factor: 1e12},
      {name: 'P*GCU', aliases: ['petagcu'], factor: 1e15},
    ],
    defaultUnit: {name: 'GCU', aliases: [], factor: 1},
  },
]

const PASS_THROUGH_TARGETS = new Set(['count', 'sample', 'unit', 'minimum', 'auto'])

/** Go's len(): the UTF-8 byte length. */
function utf8Length(s: string): number {
  let n = 0
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c < 0x80) n += 1
    else if (c < 0x800) n += 2
    else if (c >= 0xd800 && c <= 0xdbff) {
      n += 4
      i++
    } else n += 3
  }
  return n
}

function sniffUnit(type: UnitType, unit: string): Unit | null {
  let u = unit.toLowerCase()
  // Go trims the 's' when the *byte* length exceeds 2, so "μs" (3 bytes) becomes "μ" and is
  // not recognised: kept for identical output.
  if (utf8Length(u) > 2 && u.endsWith('s')) u = u.slice(0, -1)
  for (const candidate of type.units) {
    if (candidate.aliases.includes(u)) return candidate
  }
  return null
}

function autoScale(type: UnitType, value: number): {value: number; unit: string} | null {
  let factor = 0
  let unit = ''
  for (const u of type.units) {
    if (u.factor >= factor && value / u.factor >= 1) {
      factor = u.factor
      unit = u.name
    }
  }
  return factor === 0 ? null : {value: value / factor, unit}
}

// Unit names seen so far → their unit type and unit (null: pprof does not know it).
const sniffCache = new Map<string, {type: UnitType; unit: Unit} | null>()

function findUnit(name: string): {type: UnitType; unit: Unit} | null {
  let found = sniffCache.get(name)
  if (found === undefined) {
    found = null
    for (const type of UNIT_TYPES) {
      const unit = sniffUnit(type, name)
      if (unit) {
        found = {type, unit}
        break
      }
    }
    sniffCache.set(name, found)
  }
  return found
}

/**
 * pprof's measurement.Scale: converts `value` (an integer in `fromUnit`, e.g. 'bytes') to
 * `toUnit`. `toUnit` 'minimum' or 'auto' picks the largest unit in which the value is >= 1 (the
 * type's default unit if none, e.g. 'B' for 0 bytes). Units pprof does not know (e.g. 'count')
 * pass the value through, with unit '' when `toUnit` is count/sample/unit/minimum/auto and
 * `toUnit` otherwise.
 */
export function scaleValue(
  value: number,
  fromUnit: string,
  toUnit: string,
): {value: number; unit: string} {
  if (value < 0) {
    const r = scaleValue(-value, fromUnit, toUnit)
    return {value: -r.value, unit: r.unit}
  }
  const from = findUnit(fromUnit)
  if (!from) return {value, unit: PASS_THROUGH_TARGETS.has(toUnit) ? '' : toUnit}
  const {type} = from
  const v = value * from.unit.factor
  if (toUnit === 'minimum' || toUnit === 'auto') {
    return autoScale(type, v) ?? {value: v / type.defaultUnit.factor, unit: type.defaultUnit.name}
  }
  // Go looks the target up in the source's unit type only: 'ms' from bytes is the default, B.
  const to = sniffUnit(type, toUnit) ?? type.defaultUnit
  return {value: v / to.factor, unit: to.name}
}

// The two decimals of an exact tie k + m/8 (m odd), rounded half to even like Go's %.2f.
const EIGHTHS_HALF_EVEN: Record<number, string> = {1: '12', 3: '38', 5: '62', 7: '88'}

/** Go's `%.2f`: the exact binary value, ties half to even: 1.125 → "1.12", -0.001 → "-0.00". */
export function formatFixed2(x: number): string {
  if (!Number.isFinite(x)) return x > 0 ? '+Inf' : x < 0 ? '-Inf' : 'NaN'
  const negative = x < 0 || Object.is(x, -0)
  const a = Math.abs(x)
  const eighths = a * 8 // exact: a power-of-two scale
  // A tie at two decimals needs a dyadic value with 3 decimals ending in 5: k + m/8, m odd.
  if (Number.isInteger(eighths) && eighths % 2 === 1) {
    const k = Math.trunc(a)
    const m = eighths - k * 8
    return (negative ? '-' : '') + String(k) + '.' + EIGHTHS_HALF_EVEN[m]
  }
  const s = a < 1e21 ? a.toFixed(2) : bigFixed2(a)
  return (negative ? '-' : '') + s
}

// toFixed switches to exponent form from 1e21; such a double is an integer anyway.
function bigFixed2(a: number): string {
  return BigInt(a).toString() + '.00'
}

/**
 * pprof's measurement.ScaledLabel: `%.2f` of the scaled value, an exact ".00" trimmed, "0" (no
 * unit) for zero, else number + unit. E.g. (1179648, 'bytes', 'MB') → "1.12MB",
 * (62.5 * 2 ** 20, 'bytes', 'minimum') → "62.50MB", (286737, 'count', 'count') → "286737".
 */
export function formatValue(value: number, fromUnit: string, toUnit: string): string {
  const scaled = scaleValue(value, fromUnit, toUnit)
  let s = formatFixed2(scaled.value)
  if (s.endsWith('.00')) s = s.slice(0, -3)
  if (s === '0' || s === '-0') return '0'
  return s + scaled.unit
}

/**
 * A human label for one value, autoscaled on its own like pprof's web UI (`Number(x.toFixed(2))`,
 * trailing zeros dropped): 1572864 bytes → "1.5MB", 2e9 ns → "2s", 150 count → "150".
 */
export function formatValueAuto(value: number, unit: string): string {
  const scaled = scaleValue(value, unit, 'auto')
  const n = Number(formatFixed2(scaled.value))
  return String(n === 0 ? 0 : n) + scaled.unit
}

/**
 * pprof's Report.selectOutputUnit for `-unit=minimum` (the default): one unit for a whole report.
 * `values` are the shown nodes' flat/cum (signed); `total` is the report total (>= 0).
 * Returns the unit name to pass as `toUnit` to formatValue: e.g. 'kB', 'ms', or `sampleUnit`
 * itself for units pprof does not scale ('count'). Returns 'minimum' (autoscale each value) when
 * there are no nodes, as pprof leaves the option untouched then.
 */
export function selectOutputUnit(
  values: Iterable<{flat: number; cum: number}>,
  total: number,
  sampleUnit: string,
): string {
  let minValue = 0
  let any = false
  for (const n of values) {
    any = true
    let nodeMin = Math.abs(n.flat)
    if (nodeMin === 0) nodeMin = Math.abs(n.cum)
    if (nodeMin > 0 && (minValue === 0 || nodeMin < minValue)) minValue = nodeMin
  }
  if (!any) return 'minimum'
  const maxValue = total
  if (minValue === 0) minValue = maxValue
  const minUnit = scaleValue(minValue, sampleUnit, 'minimum').unit
  const maxUnit = scaleValue(maxValue, sampleUnit, 'minimum').unit
  let unit = minUnit
  if (minUnit !== maxUnit && minValue * 100 < maxValue) {
    // Scaling the minimum by 100 lets the smallest value print as 0.01 of a larger unit.
    unit = scaleValue(100 * minValue, sampleUnit, 'minimum').unit
  }
  return unit !== '' ? unit : sampleUnit
}

/**
 * pprof's measurement.Percentage: |value/total| as a percentage, always unsigned.
 * "  100%" within [99.95, 100.05]; `%5.2f%%` from 1 ("43.05%", " 4.35%"); `%5.2g%%` below
 * ("  0.5%", "0.00034%", "2.1e-06%", "    0%"). total 0 gives "    0%".
 */
export function formatPercent(value: number, total: number): string {
  const ratio = total !== 0 ? Math.abs(value / total) * 100 : 0
  if (ratio >= 99.95 && ratio <= 100.05) return '  100%'
  if (ratio >= 1) return formatFixed2(ratio).padStart(5) + '%'
  return formatG2(ratio).padStart(5) + '%'
}

// The only values below 1 that are exact ties at two significant digits (3 significant digits
// ending in 5, and dyadic), with Go's half-even rounding.
const G2_TIES_BELOW_1 = new Map([
  [0.0625, '0.062'],
  [0.125, '0.12'],
  [0.375, '0.38'],
  [0.625, '0.62'],
  [0.875, '0.88'],
])

/** Go's `%.2g` for a finite value >= 0: two significant digits, trailing zeros dropped. */
export function formatG2(x: number): string {
  if (x === 0) return '0'
  let digits: string
  let exp: number
  if (x < 1) {
    const tie = G2_TIES_BELOW_1.get(x)
    if (tie !== undefined) return tie
    const s = x.toExponential(1) // "d.de-N", rounded on the exact value
    digits = s[2] === '0' ? s[0] : s[0] + s[2]
    exp = Number(s.slice(4))
  } else {
    // Mantissa digits and exponent, rounded like Go: the exact value, ties to even.
    const [mantissa, expText] = roundedExponential2(x)
    digits = mantissa.replace('.', '').replace(/0+$/, '') || '0'
    exp = Number(expText)
  }
  const nd = digits.length
  const dp = exp + 1
  let eprec = 2
  if (eprec > nd && nd >= dp) eprec = nd
  if (exp < -4 || exp >= eprec) {
    const mantissa = nd > 1 ? digits[0] + '.' + digits.slice(1) : digits
    const sign = exp < 0 ? '-' : '+'
    return mantissa + 'e' + sign + String(Math.abs(exp)).padStart(2, '0')
  }
  if (dp <= 0) return '0.' + '0'.repeat(-dp) + digits
  if (nd <= dp) return digits + '0'.repeat(dp - nd)
  return digits.slice(0, dp) + '.' + digits.slice(dp)
}

// [mantissa "d.d", exponent] of x with 2 significant digits, exact ties rounded half to even.
function roundedExponential2(x: number): [string, string] {
  const [m, e] = x.toExponential(1).split('e')
  const three = x.toExponential(2)
  if (three[3] === '5' && isExactDecimal(three) && Number(three) === x) {
    // An exact tie: toExponential went up; go to the even neighbour instead.
    const d1 = Number(three[0])
    const d2 = Number(three[2])
    if (d2 % 2 === 0) return [`${d1}.${d2}`, three.split('e')[1]]
  }
  return [m, e]
}

// Is the decimal "d.dde±N" exactly representable as a double, i.e. a dyadic rational?
function isExactDecimal(s: string): boolean {
  const [m, e] = s.split('e')
  const digits = BigInt(m.replace('.', ''))
  const fractionDigits = 2 - Number(e)
  if (fractionDigits <= 0) return true
  return digits % 5n ** BigInt(fractionDigits) === 0n
}

import {describe, expect, it} from 'vitest'
import {
  formatFixed2,
  formatG2,
  formatPercent,
  formatValue,
  formatValueAuto,
  scaleValue,
  selectOutputUnit,
} from './format'

describe('scaleValue', () => {
  it('autoscales memory in powers of 1024', () => {
    expect(scaleValue(1536, 'bytes', 'minimum')).toEqual({value: 1.5, unit: 'kB'})
    expect(scaleValue(2 ** 50 * 3, 'bytes', 'auto')).toEqual({value: 3, unit: 'PB'})
    expect(scaleValue(0, 'bytes', 'minimum')).toEqual({value: 0, unit: 'B'})
    expect(scaleValue(-2048, 'bytes', 'minimum')).toEqual({value: -2, unit: 'kB'})
  })

  it('converts to a named unit, or the default unit for an unknown target', () => {
    expect(scaleValue(2 ** 20, 'bytes', 'kB')).toEqual({value: 1024, unit: 'kB'})
    expect(scaleValue(2 ** 20, 'bytes', 'B')).toEqual({value: 2 ** 20, unit: 'B'})
    expect(scaleValue(5e9, 'nanoseconds', 'ms')).toEqual({value: 5000, unit: 'ms'})
    expect(scaleValue(5e9, 'nanoseconds', 'parsecs')).toEqual({value: 5, unit: 's'})
  })

  it('autoscales time up to hours', () => {
    expect(scaleValue(3.6e12, 'nanoseconds', 'minimum')).toEqual({value: 1, unit: 'hrs'})
    expect(scaleValue(1500, 'nanoseconds', 'minimum')).toEqual({value: 1.5, unit: 'us'})
    expect(scaleValue(2, 'seconds', 'ms')).toEqual({value: 2000, unit: 'ms'})
  })

  it('passes unknown units through', () => {
    expect(scaleValue(42, 'count', 'minimum')).toEqual({value: 42, unit: ''})
    expect(scaleValue(42, 'count', 'count')).toEqual({value: 42, unit: ''})
    expect(scaleValue(42, 'widgets', 'widgets')).toEqual({value: 42, unit: 'widgets'})
  })

  it('keeps Go quirks of unit sniffing', () => {
    expect(scaleValue(1, 'BYTES', 'minimum').unit).toBe('B')
    // "μs" is 3 bytes in UTF-8, so Go trims its "s" and no longer recognises it.
    expect(scaleValue(1, 'μs', 'minimum')).toEqual({value: 1, unit: ''})
    expect(scaleValue(1, 'us', 'minimum')).toEqual({value: 1, unit: 'us'})
  })
})

describe('formatFixed2 (Go %.2f)', () => {
  it('rounds exact ties half to even', () => {
    expect(formatFixed2(1.125)).toBe('1.12')
    expect(formatFixed2(1.375)).toBe('1.38')
    expect(formatFixed2(0.625)).toBe('0.62')
    expect(formatFixed2(2.875)).toBe('2.88')
    expect(formatFixed2(-1.125)).toBe('-1.12')
  })

  it('rounds non-ties on the exact binary value', () => {
    expect(formatFixed2(1.005)).toBe('1.00') // 1.00499999999999989...
    expect(formatFixed2(0.015)).toBe('0.01') // 0.01499999999999999944...
    expect(formatFixed2(2.675)).toBe('2.67')
    expect(formatFixed2(62.5)).toBe('62.50')
    expect(formatFixed2(-0.001)).toBe('-0.00')
    expect(formatFixed2(1e22)).toBe('10000000000000000000000.00')
  })
})

describe('formatValue (ScaledLabel)', () => {
  it('formats the notes examples', () => {
    expect(formatValue(1179648, 'bytes', 'MB')).toBe('1.12MB')
    expect(formatValue(1441792, 'bytes', 'MB')).toBe('1.38MB')
    expect(formatValue(1179648, 'bytes', 'minimum')).toBe('1.12MB')
    expect(formatValue(62.5 * 2 ** 20, 'bytes', 'minimum')).toBe('62.50MB')
    expect(formatValue(46770.95 * 1024, 'bytes', 'kB')).toBe('46770.95kB')
    expect(formatValue(-7168.44 * 1024, 'bytes', 'kB')).toBe('-7168.44kB')
    expect(formatValue(286737, 'count', 'count')).toBe('286737')
    expect(formatValue(1e7, 'nanoseconds', 's')).toBe('0.01s')
  })

  it('trims only an exact .00 and prints zero without a unit', () => {
    expect(formatValue(2 ** 20, 'bytes', 'MB')).toBe('1MB')
    expect(formatValue(1.5 * 2 ** 20, 'bytes', 'MB')).toBe('1.50MB')
    expect(formatValue(0, 'bytes', 'MB')).toBe('0')
    expect(formatValue(1, 'bytes', 'MB')).toBe('0') // 0.00000095MB → "0.00" → "0"
    expect(formatValue(-1, 'bytes', 'MB')).toBe('0') // "-0.00" → "-0" → "0"
    expect(formatValue(1000000000, 'nanoseconds', 'ns')).toBe('1000000000ns')
  })
})

describe('formatValueAuto', () => {
  it('autoscales each value and drops trailing zeros', () => {
    expect(formatValueAuto(1.5 * 2 ** 20, 'bytes')).toBe('1.5MB')
    expect(formatValueAuto(2e9, 'nanoseconds')).toBe('2s')
    expect(formatValueAuto(4e7, 'nanoseconds')).toBe('40ms')
    expect(formatValueAuto(150, 'count')).toBe('150')
    expect(formatValueAuto(0, 'bytes')).toBe('0B')
    expect(formatValueAuto(-3 * 1024, 'bytes')).toBe('-3kB')
  })
})

describe('selectOutputUnit', () => {
  const kB = 1024
  it('keeps the minimum unit when 100×min is not below the total', () => {
    const nodes = [{flat: 512.05 * kB, cum: 512.05 * kB}, {flat: 0, cum: 45.67 * kB * kB}]
    expect(selectOutputUnit(nodes, 45.67 * kB * kB, 'bytes')).toBe('kB')
  })

  it('uses the unit of 100×min when min is tiny', () => {
    expect(selectOutputUnit([{flat: 8, cum: 8}], 1010808, 'bytes')).toBe('B')
    expect(selectOutputUnit([{flat: 16, cum: 16}], 1010808, 'bytes')).toBe('kB')
    expect(selectOutputUnit([{flat: 1e7, cum: 1e7}], 1.12e9, 'nanoseconds')).toBe('s')
  })

  it('falls back to cum for flat-0 nodes, the total when all are 0, and the sample unit', () => {
    expect(selectOutputUnit([{flat: 0, cum: 2 ** 21}], 2 ** 30, 'bytes')).toBe('MB')
    expect(selectOutputUnit([{flat: 0, cum: 0}], 2 ** 30, 'bytes')).toBe('GB')
    expect(selectOutputUnit([{flat: 3, cum: 3}], 30000, 'count')).toBe('count')
    expect(selectOutputUnit([], 0, 'bytes')).toBe('minimum')
  })
})

describe('formatPercent (Percentage)', () => {
  it('formats the notes examples', () => {
    expect(formatPercent(100, 100)).toBe('  100%')
    expect(formatPercent(9995, 10000)).toBe('  100%')
    expect(formatPercent(10005, 10000)).toBe('  100%')
    expect(formatPercent(4305, 10000)).toBe('43.05%')
    expect(formatPercent(435, 10000)).toBe(' 4.35%')
    expect(formatPercent(5, 1000)).toBe('  0.5%')
    expect(formatPercent(34, 10000000)).toBe('0.00034%')
    expect(formatPercent(55, 100000)).toBe('0.055%')
    expect(formatPercent(21, 1e9)).toBe('2.1e-06%')
    expect(formatPercent(0, 1000)).toBe('    0%')
    expect(formatPercent(5, 0)).toBe('    0%')
    expect(formatPercent(996, 100000)).toBe('    1%')
  })

  it('is unsigned and handles values above the total', () => {
    expect(formatPercent(-4305, 10000)).toBe('43.05%')
    expect(formatPercent(15000, 10000)).toBe('150.00%')
  })

  it('rounds %5.2f and %5.2g ties half to even', () => {
    expect(formatPercent(1.125, 100)).toBe(' 1.12%')
    expect(formatPercent(0.125, 100)).toBe(' 0.12%')
    expect(formatPercent(0.375, 100)).toBe(' 0.38%')
  })
})

describe('formatG2 (Go %.2g)', () => {
  it('drops trailing zeros and uses exponent form below 1e-4', () => {
    expect(formatG2(0.5)).toBe('0.5')
    expect(formatG2(0.0095)).toBe('0.0095')
    expect(formatG2(0.00999)).toBe('0.01')
    expect(formatG2(0.000099)).toBe('9.9e-05')
    expect(formatG2(0.00001)).toBe('1e-05')
    expect(formatG2(1e-120)).toBe('1e-120')
    expect(formatG2(0.996)).toBe('1')
    expect(formatG2(0.1)).toBe('0.1')
    expect(formatG2(0.123)).toBe('0.12')
    expect(formatG2(12)).toBe('12')
    expect(formatG2(123)).toBe('1.2e+02')
    expect(formatG2(0.0625)).toBe('0.062')
    expect(formatG2(0.09375)).toBe('0.094')
  })
})

// Exact decimal expansion of a finite double >= 0: [digits, e] with value = digits × 10^e.
function exactDecimal(x: number): [bigint, number] {
  const view = new DataView(new ArrayBuffer(8))
  view.setFloat64(0, x)
  const bits = view.getBigUint64(0)
  const exponent = Number((bits >> 52n) & 0x7ffn)
  let mantissa = bits & ((1n << 52n) - 1n)
  if (exponent !== 0) mantissa |= 1n << 52n
  const e2 = (exponent === 0 ? 1 : exponent) - 1075
  if (e2 >= 0) return [mantissa << BigInt(e2), 0]
  return [mantissa * 5n ** BigInt(-e2), e2]
}

// Rounds digits × 10^e to `keep` significant digits, half to even: [digits, exponent10].
function roundSignificant(digits: bigint, e: number, keep: number): [bigint, number] {
  const len = digits.toString().length
  if (len <= keep) return [digits, e]
  const drop = BigInt(len - keep)
  const unit = 10n ** drop
  let q = digits / unit
  const r = digits % unit
  if (2n * r > unit || (2n * r === unit && q % 2n === 1n)) q += 1n
  return [q, e + len - keep]
}

// Go's %.2g from exact arithmetic, independent of toExponential.
function referenceG2(x: number): string {
  if (x === 0) return '0'
  let [d, e] = roundSignificant(...exactDecimal(x), 2)
  while (d % 10n === 0n) {
    d /= 10n
    e++
  }
  const digits = d.toString()
  const exp = e + digits.length - 1
  const nd = digits.length
  const dp = exp + 1
  const eprec = 2 > nd && nd >= dp ? nd : 2
  if (exp < -4 || exp >= eprec) {
    const m = nd > 1 ? digits[0] + '.' + digits.slice(1) : digits
    return `${m}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`
  }
  if (dp <= 0) return '0.' + '0'.repeat(-dp) + digits
  if (nd <= dp) return digits + '0'.repeat(dp - nd)
  return digits.slice(0, dp) + '.' + digits.slice(dp)
}

// Go's %.2f from exact arithmetic.
function referenceFixed2(x: number): string {
  const [d, e] = exactDecimal(x)
  let q: bigint
  if (e >= 0) q = d * 10n ** BigInt(e) * 100n
  else {
    const unit = 10n ** BigInt(-e - 2 > 0 ? -e - 2 : 0)
    const scaled = -e - 2 >= 0 ? d : d * 10n ** BigInt(e + 2)
    q = scaled / unit
    const r = scaled % unit
    if (2n * r > unit || (2n * r === unit && q % 2n === 1n)) q += 1n
  }
  const s = q.toString().padStart(3, '0')
  return s.slice(0, -2) + '.' + s.slice(-2)
}

describe('formatting against exact arithmetic', () => {
  let seed = 42
  const random = () => {
    seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0
    return seed / 2 ** 32
  }
  const samples: number[] = []
  for (let i = 0; i < 3000; i++) {
    samples.push(random() * 10 ** (random() * 8 - 7)) // 1e-7 .. 10
    samples.push(Math.floor(random() * 4096) / 2 ** Math.floor(random() * 14)) // dyadic
    samples.push(Math.floor(random() * 2000) / 100 + 0.005) // near decimal ties
  }

  it('formatG2 equals Go %.2g', () => {
    const wrong = samples.filter((x) => formatG2(x) !== referenceG2(x))
    expect(wrong.map((x) => [x, formatG2(x), referenceG2(x)])).toEqual([])
  })

  it('formatFixed2 equals Go %.2f', () => {
    const wrong = samples.filter((x) => formatFixed2(x) !== referenceFixed2(x))
    expect(wrong.map((x) => [x, formatFixed2(x), referenceFixed2(x)])).toEqual([])
  })
})

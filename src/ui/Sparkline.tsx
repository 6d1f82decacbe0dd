/** A tiny line chart of values over a series (SVG built from numbers only). */
export function Sparkline({values, width = 90, height = 22}: {values: number[]; width?: number; height?: number}) {
  if (values.length === 0) return null
  const max = Math.max(...values, 0)
  const min = Math.min(...values, 0)
  const span = max - min || 1
  const step = values.length > 1 ? (width - 2) / (values.length - 1) : 0
  const points = values
    .map((v, i) => `${(1 + i * step).toFixed(1)},${(height - 2 - ((v - min) / span) * (height - 4)).toFixed(1)}`)
    .join(' ')
  return (
    <svg className="sparkline" width={width} height={height} role="img" aria-label="trend">
      <polyline points={points} fill="none" stroke="currentColor" strokeWidth="1.5" />
    </svg>
  )
}

/**
 * Labels and colours of flame-graph boxes. Colours come from the function's package, hashed,
 * so they are the same across reloads and sample types (pprof colours by package too).
 */

// pprof's packageName rule: everything before the last `.` that follows the last `/`.
const PACKAGE_RE = /^((?:.*\/)?[\w\d_]+)(?:\.|::)(?:[^/]*)$/

/** The package of a Go function name: `github.com/a/b.(*T).M` → `github.com/a/b`. */
export function packageOf(name: string): string {
  const m = PACKAGE_RE.exec(name)
  return m ? m[1] : name
}

// Go function names: drop the import path, keep `pkg.Func`, as pprof's ShortenFunctionName does.
const GO_NAME_RE = /^(?:[\w\-.]+\/)+([^.]+\..+)/

/** A short label for a box: `github.com/a/b.(*T).M` → `b.(*T).M`. */
export function shortName(name: string): string {
  const m = GO_NAME_RE.exec(name)
  return m ? m[1] : name
}

/** FNV-1a, 32 bits: a stable, cheap hash of a string. */
function hash(s: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  return h >>> 0
}

/** The fill of a box: a warm-to-cool hue per package, light enough for dark text. */
export function packageColor(name: string): string {
  const h = hash(packageOf(name))
  const hue = (h % 360 + 360) % 360
  const light = 68 + ((h >>> 9) % 12)
  return `hsl(${hue} 55% ${light}%)`
}

/** Search matches stand out in magenta, as in pprof and d3-flame-graph. */
export const MATCH_COLOR = '#e600e6'

/** Boxes that do not match a search fade to grey. */
export const DIMMED_COLOR = '#d4d4d8'

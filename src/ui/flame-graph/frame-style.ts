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

export type DiffPaletteName = 'red-green' | 'colorblind'

interface DiffPalette {
  grew: [number, number, number]
  shrank: [number, number, number]
  added: string
  removed: string
  same: string
}

// Grey for unchanged; growth towards red (orange when colour-blind safe), shrinkage towards
// green (blue); frames only in one profile get a hue of their own (purple new, teal removed)
// besides the `+ ` / `− ` before their label.
const PALETTES: Record<DiffPaletteName, DiffPalette> = {
  'red-green': {
    grew: [214, 39, 40],
    shrank: [44, 160, 44],
    added: '#b07cc6',
    removed: '#5ec4b6',
    same: '#c8c8c8',
  },
  colorblind: {
    grew: [230, 97, 1],
    shrank: [33, 102, 172],
    added: '#b07cc6',
    removed: '#5ec4b6',
    same: '#c8c8c8',
  },
}

const GREY: [number, number, number] = [200, 200, 200]

/** The legend's entries for a palette, in the order they are shown. */
export function diffLegend(name: DiffPaletteName): [string, string][] {
  const p = PALETTES[name]
  const rgb = (c: [number, number, number]) => `rgb(${c[0]} ${c[1]} ${c[2]})`
  return [
    ['grew', rgb(p.grew)],
    ['shrank', rgb(p.shrank)],
    ['new (+)', p.added],
    ['removed (−)', p.removed],
    ['unchanged', p.same],
  ]
}

/**
 * A frame's colour in a diff: by its relative change (current − base) / max(base, current),
 * saturating, so that a frame that doubled is as red as one that grew tenfold is a bit redder.
 */
export function diffColor(base: number, current: number, name: DiffPaletteName): string {
  const p = PALETTES[name]
  if (base === current) return p.same
  if (base === 0) return p.added
  if (current === 0) return p.removed
  const rel = (current - base) / Math.max(Math.abs(base), Math.abs(current))
  // sqrt makes small changes visible without letting them look like big ones.
  const t = Math.min(1, 0.15 + 0.85 * Math.sqrt(Math.abs(rel)))
  const target = rel > 0 ? p.grew : p.shrank
  const mix = (i: number) => Math.round(GREY[i] + (target[i] - GREY[i]) * t)
  return `rgb(${mix(0)} ${mix(1)} ${mix(2)})`
}

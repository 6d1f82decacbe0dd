import type {FlameBox, FlameBoxes} from '../flame-graph/flame-boxes'
import {escapeXml} from './escape'

/**
 * The flame graph on screen as a standalone SVG or PNG, with a title (profile, sample type,
 * diff or not) and a details line above it. Boxes are redrawn from their geometry rather than
 * copied from the page, so the file holds plain shapes and text: no HTML, no script.
 */

export interface FlameTitle {
  title: string
  subtitle: string
}

const HEADER = 48
const FONT = "system-ui, -apple-system, 'Segoe UI', 'DejaVu Sans', sans-serif"
const LABEL_PX = 12
// An average glyph width of FONT at 12px, to shorten labels in the SVG (a PNG measures them).
const CHAR_PX = 7
const BACKGROUND = '#ffffff'
const TEXT = '#1f2328'
const MUTED = '#656d76'

// The fills our colour functions make; anything else (never expected) becomes grey.
const COLOR = /^(#[0-9a-f]{3,8}|(rgb|hsl)a?\([\d\s.,%/]+\))$/i

function safeColor(c: string): string {
  return COLOR.test(c) ? c : '#c8c8d0'
}

function num(v: number): string {
  return String(Math.round(v * 100) / 100)
}

/** A label cut to about `px` pixels, with an ellipsis when cut; '' when nothing fits. */
function shortenApprox(label: string, px: number): string {
  const fits = Math.floor(px / CHAR_PX)
  if (label.length <= fits) return label
  return fits >= 3 ? label.slice(0, fits - 1) + '…' : ''
}

function boxSvg(b: FlameBox, fullName: string): string {
  const label = shortenApprox(b.label, b.width - 6)
  // A nested <svg> clips its content to its box, as the page clips a label to its frame.
  return (
    `<svg x="${num(b.x)}" y="${num(b.y)}" width="${num(b.width)}" height="${num(b.height)}">` +
    `<title>${escapeXml(fullName)}</title>` +
    `<rect width="${num(b.width)}" height="${num(b.height)}" ` +
    `fill="${escapeXml(safeColor(b.fill))}" stroke="${BACKGROUND}" stroke-width="0.5"/>` +
    (label ? `<text x="4" y="${num(b.height / 2 + 4)}">${escapeXml(label)}</text>` : '') +
    `</svg>`
  )
}

/** The SVG document. `nameOf(node)` is a frame's full name, for its tooltip (`<title>`). */
export function flameSvg(drawn: FlameBoxes, title: FlameTitle, nameOf: (node: number) => string) {
  const w = num(drawn.width)
  const h = num(drawn.height + HEADER)
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" ` +
      `font-family="${escapeXml(FONT)}">`,
    `<title>${escapeXml(title.title)}</title>`,
    `<desc>${escapeXml(title.subtitle)}. Exported from heapscope.</desc>`,
    `<rect width="100%" height="100%" fill="${BACKGROUND}"/>`,
    `<text x="10" y="20" font-size="15" font-weight="600" fill="${TEXT}">` +
      `${escapeXml(title.title)}</text>`,
    `<text x="10" y="38" font-size="12" fill="${MUTED}">${escapeXml(title.subtitle)}</text>`,
    `<g transform="translate(0 ${HEADER})" font-size="${LABEL_PX}" fill="#111111">`,
    ...drawn.boxes.map((b) => boxSvg(b, b.node < 0 ? 'root' : nameOf(b.node))),
    '</g>',
    '</svg>',
  ]
  return lines.join('\n') + '\n'
}

/** The label cut to fit `px` as measured by the canvas. */
function fitText(ctx: CanvasRenderingContext2D, label: string, px: number): string {
  if (ctx.measureText(label).width <= px) return label
  let lo = 0
  let hi = label.length
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2)
    if (ctx.measureText(label.slice(0, mid) + '…').width <= px) lo = mid
    else hi = mid - 1
  }
  return lo >= 2 ? label.slice(0, lo) + '…' : ''
}

/** The same picture as a PNG, at twice the pixel density when the canvas can hold it. */
export function flamePng(drawn: FlameBoxes, title: FlameTitle): Promise<Blob> {
  const w = Math.max(1, drawn.width)
  const h = drawn.height + HEADER
  // Browsers cap a canvas at 16384 px a side and about 268 M pixels in all.
  const scale = Math.min(2, 16384 / w, 16384 / h, Math.sqrt(200e6 / (w * h)))
  const canvas = document.createElement('canvas')
  canvas.width = Math.ceil(w * scale)
  canvas.height = Math.ceil(h * scale)
  const ctx = canvas.getContext('2d')
  if (!ctx) return Promise.reject(new Error('the browser has no 2D canvas'))
  ctx.scale(scale, scale)
  ctx.fillStyle = BACKGROUND
  ctx.fillRect(0, 0, w, h)
  ctx.fillStyle = TEXT
  ctx.font = `600 15px ${FONT}`
  ctx.fillText(title.title, 10, 20)
  ctx.fillStyle = MUTED
  ctx.font = `12px ${FONT}`
  ctx.fillText(title.subtitle, 10, 38)
  ctx.translate(0, HEADER)
  ctx.font = `${LABEL_PX}px ${FONT}`
  ctx.strokeStyle = BACKGROUND
  ctx.lineWidth = 0.5
  for (const b of drawn.boxes) {
    ctx.fillStyle = safeColor(b.fill)
    ctx.fillRect(b.x, b.y, b.width, b.height)
    ctx.strokeRect(b.x, b.y, b.width, b.height)
    const label = b.label ? fitText(ctx, b.label, b.width - 6) : ''
    if (!label) continue
    ctx.save()
    ctx.beginPath()
    ctx.rect(b.x, b.y, b.width, b.height)
    ctx.clip()
    ctx.fillStyle = '#111111'
    ctx.fillText(label, b.x + 4, b.y + b.height / 2 + 4)
    ctx.restore()
  }
  return new Promise((resolve, reject) =>
    canvas.toBlob((blob) => {
      if (blob) resolve(blob)
      else reject(new Error('the browser could not make the PNG (the graph may be too large)'))
    }, 'image/png'),
  )
}

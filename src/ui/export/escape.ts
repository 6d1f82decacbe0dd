/**
 * Profile strings (function names, file names, comments) are untrusted text. These put them
 * into exported files as text and nothing else: XML (SVG), CSV, Markdown.
 */

// XML 1.0 forbids control characters, lone surrogates and U+FFFE/U+FFFF: one of them would
// make the whole SVG unreadable, so each becomes U+FFFD.
const XML_INVALID = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu
const XML_SPECIAL: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
}

/** Text for an XML element or a quoted attribute value. */
export function escapeXml(s: string): string {
  return s.replace(XML_INVALID, '\uFFFD').replace(/[&<>"']/g, (c) => XML_SPECIAL[c])
}

// A spreadsheet runs a cell that starts with one of these as a formula (CSV injection).
const FORMULA_START = /^[=+\-@\t\r]/
const PLAIN_NUMBER = /^-?\d+(\.\d+)?$/

/**
 * One CSV field (RFC 4180): numbers as they are, text always quoted with `"` doubled; text a
 * spreadsheet would read as a formula gets a leading `'`.
 */
export function csvField(v: string | number): string {
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : ''
  const text = FORMULA_START.test(v) && !PLAIN_NUMBER.test(v) ? `'${v}` : v
  return `"${text.replace(/"/g, '""')}"`
}

/** CSV text: a header and rows, CRLF line ends (RFC 4180). */
export function toCsv(rows: (string | number)[][]): string {
  return rows.map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n'
}

/**
 * Text as a Markdown code span, safe in a GFM table cell: the fence is longer than any run of
 * backticks inside, `|` is escaped (GFM splits cells before it reads code spans), line breaks
 * become spaces. Inside a code span nothing is markup, HTML included.
 */
export function markdownCode(s: string): string {
  const text = s.replace(/[\r\n]+/g, ' ').replace(/\|/g, '\\|')
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((r) => r.length))
  const fence = '`'.repeat(longest + 1)
  // CommonMark strips one space at both ends when both are there: pad when the text would
  // otherwise touch the fence with a backtick or lose its own spaces.
  const pad = /^[` ]|[` ]$/.test(text) ? ' ' : ''
  return fence + pad + text + pad + fence
}

/** Lines as a fenced code block whose fence no line can close. */
export function markdownBlock(lines: string[]): string {
  const body = lines.map((l) => l.replace(/\r/g, ''))
  const longest = Math.max(2, ...body.flatMap((l) => (l.match(/`+/g) ?? []).map((r) => r.length)))
  const fence = '`'.repeat(longest + 1)
  return [fence, ...body, fence].join('\n')
}

/** A file name made of safe characters only, from an untrusted one. */
export function safeFileName(s: string): string {
  const name = s.replace(/[^\w.-]+/g, '_').replace(/^[.-]+/, '').slice(0, 80)
  return name || 'profile'
}

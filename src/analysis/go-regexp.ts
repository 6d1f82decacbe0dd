/**
 * pprof's regexps are Go RE2, unanchored. This compiles one as a JavaScript RegExp with the same
 * meaning for the syntax people type: plain RE2 is valid JS, and the RE2-only forms are rewritten
 * — leading flags `(?i)` `(?s)` `(?m)`, `(?P<name>…)`, `\A`, `\z`, `\Q…\E` and POSIX classes
 * such as `[[:alpha:]]`. Not supported (an error): `(?U)`, flags that are not leading, `\pN`.
 */

const POSIX_CLASSES: Record<string, string> = {
  alnum: '0-9A-Za-z',
  alpha: 'A-Za-z',
  ascii: '\\x00-\\x7F',
  blank: '\\t ',
  cntrl: '\\x00-\\x1F\\x7F',
  digit: '0-9',
  graph: '!-~',
  lower: 'a-z',
  print: ' -~',
  punct: '!-\\/:-@\\[-`{-~',
  space: '\\t\\n\\v\\f\\r ',
  upper: 'A-Z',
  word: '0-9A-Za-z_',
  xdigit: '0-9A-Fa-f',
}

/**
 * Compiles `pattern` (Go RE2 syntax) for `option` (e.g. 'focus'). Throws an Error worded like
 * pprof's: "parsing focus regexp: <reason>".
 */
export function compileGoRegexp(pattern: string, option: string): RegExp {
  try {
    const {source, flags} = translate(pattern)
    return new RegExp(source, flags)
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e)
    const why = reason.replace(/^Invalid regular expression: /, '')
    throw new Error(`parsing ${option} regexp: ${why}`)
  }
}

function translate(pattern: string): {source: string; flags: string} {
  let flags = ''
  let rest = pattern
  const lead = /^\(\?([a-zA-Z]+)\)/.exec(rest)
  if (lead) {
    for (const f of lead[1]) {
      if (f !== 'i' && f !== 's' && f !== 'm') throw new Error(`unsupported flag (?${f})`)
      if (!flags.includes(f)) flags += f
    }
    rest = rest.slice(lead[0].length)
  }
  let out = ''
  let inClass = false
  for (let i = 0; i < rest.length; i++) {
    const c = rest[i]
    if (c === '\\') {
      const next = rest[i + 1] ?? ''
      if (next === 'Q') {
        const end = rest.indexOf('\\E', i + 2)
        const literal = rest.slice(i + 2, end < 0 ? rest.length : end)
        out += literal.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&')
        i = end < 0 ? rest.length : end + 1
        continue
      }
      if (!inClass && next === 'A') out += '(?<![\\s\\S])'
      else if (!inClass && next === 'z') out += '(?![\\s\\S])'
      else if (next === 'p' || next === 'P') throw new Error('Unicode classes are not supported')
      else out += c + next
      i++
      continue
    }
    if (inClass) {
      const posix = /^\[:(\^?)([a-z]+):\]/.exec(rest.slice(i))
      if (posix && POSIX_CLASSES[posix[2]] !== undefined) {
        if (posix[1] === '^') throw new Error(`negated class [:^${posix[2]}:] is not supported`)
        out += POSIX_CLASSES[posix[2]]
        i += posix[0].length - 1
        continue
      }
      if (c === ']') inClass = false
      out += c
      continue
    }
    if (c === '[') {
      inClass = true
      out += c
      // A ']' right after '[' or '[^' is a literal in RE2; JS needs it escaped.
      if (rest[i + 1] === '^') out += rest[++i]
      if (rest[i + 1] === ']') {
        out += '\\]'
        i++
      }
      continue
    }
    if (c === '(' && rest.startsWith('(?P<', i)) {
      out += '(?<'
      i += 3
      continue
    }
    if (c === '(' && /^\(\?[a-zA-Z]/.test(rest.slice(i))) {
      throw new Error('flags are supported only at the start of the pattern')
    }
    out += c
  }
  return {source: out, flags}
}

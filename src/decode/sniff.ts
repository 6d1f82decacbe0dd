import {clip} from './protobuf'

const MAGIC: [number[], string][] = [
  [[0x89, 0x50, 0x4e, 0x47], 'a PNG image'],
  [[0xff, 0xd8, 0xff], 'a JPEG image'],
  [[0x47, 0x49, 0x46, 0x38], 'a GIF image'],
  [[0x25, 0x50, 0x44, 0x46], 'a PDF document'],
  [[0x50, 0x4b, 0x03, 0x04], 'a ZIP archive'],
  [[0x28, 0xb5, 0x2f, 0xfd], 'Zstandard-compressed (decompress it first)'],
  [[0x42, 0x5a, 0x68], 'bzip2-compressed (decompress it first)'],
  [[0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00], 'xz-compressed (decompress it first)'],
  [[0x7f, 0x45, 0x4c, 0x46], 'an ELF executable (a program, not a profile)'],
  [[0xcf, 0xfa, 0xed, 0xfe], 'a Mach-O executable (a program, not a profile)'],
  [[0x4d, 0x5a], 'a Windows executable (a program, not a profile)'],
  [
    [0x50, 0x45, 0x52, 0x46, 0x49, 0x4c, 0x45, 0x32],
    'a Linux perf.data file (convert it with perf_to_profile first)',
  ],
]

/**
 * What a file that is not a profile looks like, when it is cheap to tell: "is a PNG image",
 * "is text but not a Go heap profile (…)". Null when nothing specific is known. `subject` is
 * "the file" or "the decompressed file".
 */
export function describeNonProfile(bytes: Uint8Array, subject: string): string | null {
  if (bytes.length === 0) return `${subject} is empty`
  for (const [magic, what] of MAGIC) {
    if (magic.length <= bytes.length && magic.every((b, i) => bytes[i] === b)) {
      return `${subject} is ${what}`
    }
  }
  if (!looksLikeText(bytes)) return null
  const head = new TextDecoder().decode(bytes.subarray(0, 4096))
  const first = head.trimStart().split(/\r?\n/, 1)[0]
  const kind = textKind(first)
  if (kind) {
    const reads = 'heapscope reads pprof protobuf profiles and Go heap profiles in text form'
    return `${subject} is ${kind}; ${reads}`
  }
  if (/^\s*[{[]/.test(head)) return `${subject} is JSON text, not a pprof profile`
  if (/^\s*</.test(head)) return `${subject} is HTML or XML text, not a pprof profile`
  return `${subject} is text but not a Go heap profile (it starts with "${clip(first, 60)}")`
}

function textKind(first: string): string | null {
  const count = /^(\S+) profile: total \d+/.exec(first)
  if (count) return `a Go ${count[1]} profile in text form (debug=1)`
  if (/^goroutine \d+ \[/.test(first)) return 'a Go goroutine dump (debug=2)'
  if (/^--- (mutex|contention):/.test(first)) {
    return 'a Go mutex or block profile in text form (debug=1)'
  }
  if (/^heap profile:/.test(first)) return 'a heap profile in a text form heapscope does not know'
  return null
}

/** No NUL bytes and (almost) no other control bytes in the first 4 KiB. */
export function looksLikeText(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, 4096)
  let control = 0
  for (let i = 0; i < n; i++) {
    const b = bytes[i]
    if (b === 0) return false
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c) control++
  }
  return control * 100 <= n
}

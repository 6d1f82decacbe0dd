import {create} from 'zustand'

/**
 * Source files the user dropped or picked (files, or a folder with webkitdirectory), for the
 * Source lines view. Kept as File references (a picked folder may hold thousands of files) and
 * read, once each, when a routine of the profile needs one. Never uploaded anywhere.
 */

/** A loaded file and the path it was given under (the folder-relative path, or its name). */
export interface SourceFile {
  path: string
  file: File
}

/** The source files known to the page. */
export const useSourceFiles = create<{files: SourceFile[]}>()(() => ({files: []}))

// Extensions of source files, so that a dropped `main.go` is not taken for a profile.
const SOURCE_EXT = /\.(go|s|c|h|cc|cpp|cxx|hpp|m|mm|rs|zig|py|java|kt|js|ts|swift|proto|tmpl)$/i

/** Does a file name look like source code (rather than a profile)? */
export function isSourceFileName(name: string): boolean {
  return SOURCE_EXT.test(name)
}

/** Adds files (replacing any of the same path). */
export function addSourceFiles(files: Iterable<File>): void {
  const byPath = new Map(useSourceFiles.getState().files.map((f) => [f.path, f]))
  for (const file of files) {
    const path = normalize(file.webkitRelativePath || file.name)
    byPath.set(path, {path, file})
  }
  useSourceFiles.setState({files: [...byPath.values()]})
}

/** Forgets every loaded file. */
export function clearSourceFiles(): void {
  useSourceFiles.setState({files: []})
}

function normalize(path: string): string {
  return path.replace(/\\/g, '/').replace(/^\.?\/+/, '')
}

/**
 * The loaded file for a profile's file path, by the longest common suffix of path segments
 * (`example.com/heapserver/main.go` ↔ `heapserver/main.go`); the base names must be equal.
 * Ties go to the shorter path. Null when no base name matches.
 */
export function matchSourceFile(profilePath: string, files: readonly SourceFile[]): SourceFile | null {
  const want = normalize(profilePath).split('/')
  let best: SourceFile | null = null
  let bestScore = 0
  let bestLength = Infinity
  for (const f of files) {
    const have = f.path.split('/')
    let score = 0
    while (
      score < want.length &&
      score < have.length &&
      want[want.length - 1 - score] === have[have.length - 1 - score]
    ) {
      score++
    }
    if (score > bestScore || (score === bestScore && score > 0 && have.length < bestLength)) {
      best = f
      bestScore = score
      bestLength = have.length
    }
  }
  return bestScore > 0 ? best : null
}

/** Files larger than this are not read (not source code anyone annotates). */
const MAX_SOURCE_BYTES = 8 * 1024 * 1024

const texts = new WeakMap<File, Promise<string[]>>()

/** The lines of a file (read once; memoized per File). */
export function readSourceLines(file: File): Promise<string[]> {
  let lines = texts.get(file)
  if (!lines) {
    lines =
      file.size > MAX_SOURCE_BYTES
        ? Promise.reject(new Error(`${file.name} is larger than 8 MiB`))
        : file.text().then((t) => t.split(/\r?\n/))
    texts.set(file, lines)
  }
  return lines
}

import type {IndexIntoFuncTable, Profile} from '../model/profile'

/**
 * What the model knows of pprof Mappings (binary files), for the rules that use them: refinement
 * regexps also match a location's mapping file, and nodes without a function name print as
 * `[<basename of the mapping file>]`.
 *
 * The model keeps only mapping[0]'s file (profile.mainFile), not each location's mapping, so:
 * - a symbolized function is taken to lie in mapping[0]. True of every location of every Go
 *   profile in fixtures/ (Go symbolizes only its own binary's code); not of cgo/C++ profiles;
 * - a location without lines is the decoder's pseudo-function `[base]` (or `<unknown>`): its
 *   mapping file is the function's `file` when the decoder filled it, else mainFile when the
 *   base names agree, else just `base` (a regexp on the directory part then cannot match).
 */

/** A pseudo-function: the decoder's stand-in for a location without lines. */
export function isPseudoFunc(profile: Profile, func: IndexIntoFuncTable): boolean {
  const name = profile.strings[profile.funcs.name[func]]
  const file = profile.strings[profile.funcs.file[func]]
  if (name === '<unknown>') return file === ''
  if (!name.startsWith('[') || !name.endsWith(']')) return false
  return file === '' || baseName(file) === name.slice(1, -1)
}

/** The mapping file of the locations of `func` (best known), or null for no mapping. */
export function mappingFileOf(profile: Profile, func: IndexIntoFuncTable): string | null {
  const main = profile.mainFile
  if (!isPseudoFunc(profile, func)) return main === '' ? null : main
  const name = profile.strings[profile.funcs.name[func]]
  const file = profile.strings[profile.funcs.file[func]]
  if (name === '<unknown>') return null
  if (file !== '') return file
  const base = name.slice(1, -1)
  return main !== '' && baseName(main) === base ? main : base
}

/** Go's filepath.Base on a slash path. */
export function baseName(path: string): string {
  if (path === '') return '.'
  const trimmed = path.replace(/\/+$/, '')
  if (trimmed === '') return '/'
  return trimmed.slice(trimmed.lastIndexOf('/') + 1)
}

/** Per function: is it a pseudo-function, and its mapping file ('' with none). */
export interface FuncMappings {
  pseudo: Uint8Array
  mapping: string[]
}

const cache = new WeakMap<Profile, FuncMappings>()

/** isPseudoFunc and mappingFileOf for every function, memoized per profile. */
export function funcMappings(profile: Profile): FuncMappings {
  let m = cache.get(profile)
  if (!m) {
    const n = profile.funcs.length
    m = {pseudo: new Uint8Array(n), mapping: new Array<string>(n)}
    for (let f = 0; f < n; f++) {
      m.pseudo[f] = isPseudoFunc(profile, f) ? 1 : 0
      m.mapping[f] = mappingFileOf(profile, f) ?? ''
    }
    cache.set(profile, m)
  }
  return m
}

import {type CallNodeTable} from '../analysis/call-tree'
import {funcName, type Profile} from '../model/profile'
import {getCallNodeTable} from './derived'
import type {CallPath} from './store'
import type {NamedFrame} from './url-format'

/**
 * The zoom path is a list of frame keys (`func * 2 + inlined`), indexes into one profile's
 * function table: meaningless in another file. In the URL it is a list of function names;
 * these turn one into the other for a given profile.
 */

/** The names of a zoom path's frames. */
export function zoomToNames(profile: Profile, path: CallPath): NamedFrame[] {
  return path.map((key) => ({name: funcName(profile, key >> 1), inlined: (key & 1) === 1}))
}

/**
 * The zoom path of `names` in `profile`, walking the call tree from the root. Among siblings
 * of the same name (one function name in two files) the one that leads furthest is taken; when
 * a frame is not found the path is the longest prefix that is.
 */
export function namesToZoom(profile: Profile, names: readonly NamedFrame[]): CallPath {
  if (names.length === 0) return []
  const table = getCallNodeTable(profile)
  let best: number[] = []
  // Depth first over the matching children, first sibling first; an explicit stack.
  const stack: number[][] = [[]]
  while (stack.length > 0 && best.length < names.length) {
    const nodes = stack.pop()!
    if (nodes.length > best.length) best = nodes
    if (nodes.length === names.length) continue
    const parent = nodes.length > 0 ? nodes[nodes.length - 1] : -1
    const found = matchingChildren(profile, table, parent, names[nodes.length])
    for (let i = found.length - 1; i >= 0; i--) stack.push([...nodes, found[i]])
  }
  return best.map((n) => table.func[n] * 2 + table.inlined[n])
}

function matchingChildren(
  profile: Profile,
  table: CallNodeTable,
  node: number,
  f: NamedFrame,
): number[] {
  const end = node < 0 ? table.length : table.subtreeEnd[node]
  const inlined = f.inlined ? 1 : 0
  const found: number[] = []
  for (let c = node + 1; c < end; c = table.subtreeEnd[c]) {
    if (table.inlined[c] === inlined && funcName(profile, table.func[c]) === f.name) found.push(c)
  }
  return found
}

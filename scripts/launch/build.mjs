// "Builds if needed": dist/ is rebuilt when it is missing or older than a source of the page.
import {existsSync, readdirSync, statSync} from 'node:fs'
import {join} from 'node:path'

const INPUTS = ['src', 'public', 'index.html', 'vite.config.ts', 'package.json']

/** The newest modification time under `path` (tests and dot files left out). */
function newest(/** @type {string} */ path) {
  if (!existsSync(path)) return 0
  const st = statSync(path)
  if (!st.isDirectory()) return st.mtimeMs
  let max = 0
  for (const entry of readdirSync(path, {withFileTypes: true})) {
    if (entry.name.startsWith('.') || /\.test\.tsx?$/.test(entry.name)) continue
    max = Math.max(max, newest(join(path, entry.name)))
  }
  return max
}

/**
 * Why dist/ needs a build, or null when it is up to date.
 * @param {string} root the repository
 */
export function buildReason(root) {
  const index = join(root, 'dist', 'index.html')
  if (!existsSync(index)) return 'dist/ has no build yet'
  const built = statSync(index).mtimeMs
  const changed = Math.max(...INPUTS.map((p) => newest(join(root, p))))
  return changed > built ? 'the sources changed since the last build' : null
}

/**
 * Builds the viewer into dist/ with Vite's API (no type check: `npm run build` does that).
 * @param {string} root
 */
export async function buildViewer(root) {
  let vite
  try {
    vite = await import('vite')
  } catch {
    throw new Error('Vite is not installed: run `npm install` first')
  }
  await vite.build({root, configFile: join(root, 'vite.config.ts'), logLevel: 'warn'})
}

// Command line of scripts/launch.mjs, kept apart so that it can be unit-tested.

export const USAGE = `usage: npm start -- [profile] [--base <profile>] [--port N] [--no-open]
                                          [--no-build]

  profile      a profile file (heap.pb.gz, cpu.pprof, a ?debug=1 text heap) or an http(s) URL
               such as http://localhost:6060/debug/pprof/heap (fetched by the launcher, so the
               server needs no CORS). Without one, the bundled sample opens.
  --base P     compare with this earlier profile (pprof's -base), a file or a URL
  --port N     serve on 127.0.0.1:N (default 5173, or a free port when that one is taken;
               0 for any free port). pprof's -http=:N is accepted too.
  --no-open    print the URL without opening a browser
  --no-build   serve dist/ as it is, even when the sources are newer`

/** A mistake on the command line: the message and the usage are printed. */
export class UsageError extends Error {}

/**
 * @typedef {object} LaunchArgs
 * @property {string | null} profile
 * @property {string | null} base
 * @property {number | null} port null: the default port, or a free one
 * @property {boolean} open
 * @property {boolean} build
 * @property {boolean} help
 */

/** Is this argument a URL (fetched) rather than a file path? */
export function isUrl(/** @type {string} */ s) {
  return /^https?:\/\//i.test(s)
}

function parsePort(/** @type {string} */ v) {
  const text = v.replace(/^.*:/, '') // pprof's -http=host:port
  const n = Number(text)
  if (text === '' || !Number.isInteger(n) || n < 0 || n > 65535) {
    throw new UsageError(`not a port number: ${v}`)
  }
  return n
}

/**
 * Reads the arguments after `npm start --`.
 * @param {string[]} argv
 * @returns {LaunchArgs}
 */
export function parseArgs(argv) {
  /** @type {LaunchArgs} */
  const out = {profile: null, base: null, port: null, open: true, build: true, help: false}
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]
    const [flag, inline] = arg.startsWith('-') ? splitFlag(arg) : [arg, null]
    const value = () => {
      if (inline !== null) return inline
      if (i + 1 >= argv.length) throw new UsageError(`${flag} needs a value`)
      return argv[++i]
    }
    switch (flag) {
      case '-h':
      case '--help':
        out.help = true
        break
      case '--base':
      case '-base':
        out.base = value()
        break
      case '--port':
      case '-port':
      case '--http':
      case '-http':
        out.port = parsePort(value())
        break
      case '--no-open':
        out.open = false
        break
      case '--no-build':
        out.build = false
        break
      default:
        if (arg.startsWith('-') && arg !== '-') throw new UsageError(`unknown option: ${arg}`)
        if (out.profile !== null) {
          throw new UsageError(`one profile at a time (and --base <profile> to compare): ${arg}`)
        }
        out.profile = arg
    }
  }
  if (out.base !== null && out.profile === null) {
    throw new UsageError('--base needs a profile to compare with it')
  }
  return out
}

/** `--port=8080` → ['--port', '8080']; `--no-open` → ['--no-open', null]. */
function splitFlag(/** @type {string} */ arg) {
  const eq = arg.indexOf('=')
  return eq < 0 ? [arg, null] : [arg.slice(0, eq), arg.slice(eq + 1)]
}

/** A hash value as the page writes it: encoded, but with '/' and ':' left readable. */
export function hashValue(/** @type {string} */ v) {
  return encodeURIComponent(v).replace(/%(2F|3A)/g, (m) => decodeURIComponent(m))
}

/** The name a URL's profile is shown under: its last path segment, else its host. */
export function nameFromUrl(/** @type {string} */ url) {
  const u = new URL(url)
  const last = u.pathname.split('/').filter(Boolean).pop() ?? ''
  return (last ? decodeURIComponent(last) : u.host) || 'profile'
}

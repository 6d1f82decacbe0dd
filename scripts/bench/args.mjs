import {parseArgs} from 'node:util'

export const USAGE = `usage: npm run bench -- [options]
  --sizes 1mb,10mb,50mb   profiles to load (generated into bench/generated/ when missing)
  --runs N                runs per size (default 5 below 50mb, 3 from 50mb on)
  --no-build              reuse the last build instead of running vite build
  --dist DIR              serve this build (default bench/generated/dist, built by the bench)
  --timeout S             seconds to wait for one load to render (default 120)
  --no-floor              skip the gunzip + varint floor measurement
  --floor-only            only the floor (no build, no app runs)
  --no-speedscope         skip speedscope (timed on the same files when node_modules/speedscope exists)
  --speedscope-runs N     speedscope runs per size (default 3 below 50mb, 1 from 50mb on)
  --interact-sizes LIST   sizes whose runs also time switch, search and zoom (default 10mb; '' for none)
  --keep-going            keep doing the runs of a size after one fails
  --json FILE             where to write all measurements (default bench/generated/bench-results.json)
  --headed                show the browser`

/**
 * @typedef {object} BenchOptions
 * @property {string[]} sizes
 * @property {number | undefined} runs
 * @property {boolean} build
 * @property {string | undefined} dist
 * @property {number} timeoutMs
 * @property {boolean} floor
 * @property {boolean} floorOnly
 * @property {boolean} speedscope
 * @property {number | undefined} speedscopeRuns
 * @property {string[]} interactSizes
 * @property {boolean} keepGoing
 * @property {string | undefined} json
 * @property {boolean} headed
 */

/**
 * Parses the bench command line.
 * @param {string[]} argv
 * @returns {BenchOptions}
 */
export function parseBenchArgs(argv) {
  const {values} = parseArgs({
    args: argv,
    options: {
      sizes: {type: 'string', default: '1mb,10mb,50mb'},
      runs: {type: 'string'},
      'no-build': {type: 'boolean', default: false},
      dist: {type: 'string'},
      timeout: {type: 'string', default: '120'},
      'no-floor': {type: 'boolean', default: false},
      'floor-only': {type: 'boolean', default: false},
      speedscope: {type: 'boolean', default: true},
      'no-speedscope': {type: 'boolean', default: false},
      'speedscope-runs': {type: 'string'},
      'interact-sizes': {type: 'string', default: '10mb'},
      'keep-going': {type: 'boolean', default: false},
      json: {type: 'string'},
      headed: {type: 'boolean', default: false},
      help: {type: 'boolean', short: 'h', default: false},
    },
  })
  if (values.help) {
    console.log(USAGE)
    process.exit(0)
  }
  const sizes = values.sizes.split(',').map((s) => s.trim().toLowerCase()).filter(Boolean)
  for (const s of sizes) if (!/^\d+(\.\d+)?(kb|mb)$/.test(s)) throw new Error(`bad size '${s}' (e.g. 1mb,10mb)`)
  const runs = values.runs === undefined ? undefined : Number(values.runs)
  if (runs !== undefined && !(runs >= 1)) throw new Error('--runs must be at least 1')
  return {
    sizes,
    runs,
    build: !values['no-build'] && !values['floor-only'],
    dist: values.dist,
    timeoutMs: Number(values.timeout) * 1000,
    floor: !values['no-floor'],
    floorOnly: values['floor-only'],
    speedscope: values.speedscope && !values['no-speedscope'],
    speedscopeRuns: values['speedscope-runs'] === undefined ? undefined : Number(values['speedscope-runs']),
    interactSizes: values['interact-sizes'].split(',').map((x) => x.trim().toLowerCase()).filter(Boolean),
    keepGoing: values['keep-going'],
    json: values.json,
    headed: values.headed,
  }
}

/**
 * Default number of speedscope runs for a size: it takes several times longer than the app.
 * @param {string} size e.g. '10mb'
 * @returns {number}
 */
export function defaultSpeedscopeRuns(size) {
  return parseFloat(size) >= 50 && size.endsWith('mb') ? 1 : 3
}

/**
 * Default number of runs for a size: big files take long, so fewer.
 * @param {string} size e.g. '10mb'
 * @returns {number}
 */
export function defaultRuns(size) {
  return parseFloat(size) >= 50 && size.endsWith('mb') ? 3 : 5
}

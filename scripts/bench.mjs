#!/usr/bin/env node
// npm run bench: load generated heap profiles in the built app in headless Chromium and
// compare against a floor (gunzip + one varint pass) measured in the same browser.
// See BENCH.md for what each column means.

import {spawnSync} from 'node:child_process'
import {existsSync, mkdirSync, writeFileSync} from 'node:fs'
import {createRequire} from 'node:module'
import {availableParallelism, loadavg} from 'node:os'
import {dirname, join, relative, resolve} from 'node:path'
import {fileURLToPath} from 'node:url'
import {AppMissingError, runApp} from './bench/app-run.mjs'
import {USAGE, defaultRuns, defaultSpeedscopeRuns, parseBenchArgs} from './bench/args.mjs'
import {launchBrowser} from './bench/browser.mjs'
import {measureFloor} from './bench/floor.mjs'
import {pickSearchPattern} from './bench/interact.mjs'
import {ensureProfile} from './bench/profiles.mjs'
import {formatReport, formatTargets} from './bench/report.mjs'
import {startServer} from './bench/server.mjs'
import {findSpeedscope, runSpeedscope} from './bench/speedscope.mjs'

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const GENERATED = join(ROOT, 'bench', 'generated')

/** Builds the app into outDir with vite; returns an error message or null. */
function build(/** @type {string} */ outDir) {
  console.log(`building the app into ${relative(ROOT, outDir)} (vite build) ...`)
  // A private outDir: other work in the tree (e2e, preview) keeps using dist/.
  const r = spawnSync('npx', ['vite', 'build', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn'],
    {cwd: ROOT, stdio: 'inherit'})
  return r.status === 0 ? null : `vite build failed (exit ${r.status})`
}

const ms = (/** @type {number | null} */ x) => (x === null ? '-' : `${x.toFixed(0)} ms`)

async function main() {
  let opts
  try {
    opts = parseBenchArgs(process.argv.slice(2))
  } catch (err) {
    console.error(`${err instanceof Error ? err.message : err}\n${USAGE}`)
    process.exit(2)
  }
  mkdirSync(GENERATED, {recursive: true})
  const files = []
  for (const size of opts.sizes) files.push(await ensureProfile(ROOT, size))

  /** @type {string[]} */
  const problems = []
  const dist = opts.dist ? resolve(opts.dist) : join(GENERATED, 'dist')
  let appOk = !opts.floorOnly
  if (appOk && opts.build) {
    const err = build(dist)
    if (err) {
      problems.push(err)
      appOk = false
    }
  }
  if (appOk && !existsSync(join(dist, 'index.html'))) {
    problems.push(`no app build at ${relative(ROOT, dist) || dist} (run without --no-build, or pass --dist)`)
    appOk = false
  }
  const speedscopeDir = opts.speedscope ? findSpeedscope(ROOT) : null
  if (opts.speedscope && !speedscopeDir) console.log('--speedscope: the speedscope package is not in node_modules; skipping the comparison')

  const require = createRequire(import.meta.url)
  const server = await startServer({
    dist: appOk ? dist : null,
    files: GENERATED,
    fflate: join(dirname(require.resolve('fflate')), '..', 'esm', 'browser.js'),
    speedscope: speedscopeDir,
  })
  const {browser, label} = await launchBrowser({headed: opts.headed})
  console.log(`browser: ${label}\nserver: ${server.url}`)
  const load = loadavg()[0]
  if (load > availableParallelism() / 2) console.log(`warning: load average ${load.toFixed(1)} on ${availableParallelism()} CPUs; timings will be noisy`)

  /** @type {import('./bench/report.mjs').SizeResult[]} */
  const results = []
  try {
    for (const file of files) {
      const runs = opts.runs ?? defaultRuns(file.size)
      /** @type {import('./bench/report.mjs').SizeResult} */
      const result = {file, app: [], failures: [], floor: [], speedscope: [], speedscopeFailures: [], search: null}
      results.push(result)
      console.log(`\n${file.size}: ${file.name}, ${(file.gzBytes / 1e6).toFixed(2)} MB gz, ${(file.rawBytes / 1e6).toFixed(2)} MB raw, ${runs} runs`)
      if (appOk && opts.interactSizes.includes(file.size)) {
        result.search = await pickSearchPattern(file.path)
        console.log(`  interactions: switch to alloc_space, search /${result.search.pattern}/ (${(result.search.fraction * 100).toFixed(2)}% of functions), zoom`)
      }
      for (let i = 1; i <= runs && appOk; i++) {
        try {
          const a = await runApp(browser, server.url, file.path, opts.timeoutMs, result.search?.pattern ?? null)
          result.app.push(a)
          const st = a.stages ? ` [${Object.entries(a.stages).map(([k, v]) => `${k.replace(/Ms$/, '')} ${typeof v === 'number' ? v.toFixed(0) : v}`).join(', ')}]` : ''
          console.log(`  app ${i}/${runs}: decoded ${ms(a.decodedMs)}, rendered ${ms(a.renderedMs)}, wall ${ms(a.wallMs)}, heap ${
            a.heapBytes === null ? '-' : `${(a.heapBytes / 1e6).toFixed(1)} MB`}${st}${a.interactions ? ` switch ${ms(a.interactions.switchMs)}, search ${
            ms(a.interactions.searchMs)}, zoom ${ms(a.interactions.zoomMs)}` : ''}`)
        } catch (err) {
          const msg = err instanceof Error ? err.message : String(err)
          console.log(`  app ${i}/${runs}: FAILED: ${msg}`)
          result.failures.push(msg)
          if (err instanceof AppMissingError) {
            problems.push(msg)
            appOk = false
          } else if (!opts.keepGoing) {
            console.log(`  skipping the other runs of ${file.size} (--keep-going to do them anyway)`)
            break
          }
        }
      }
      for (let i = 1; i <= runs && opts.floor; i++) {
        const f = await measureFloor(browser, server.url, file.name, opts.timeoutMs)
        result.floor.push(f)
        if (f.rawBytes !== file.rawBytes) problems.push(`floor: ${file.name} inflated to ${f.rawBytes} bytes in the browser, ${file.rawBytes} in node`)
        console.log(`  floor ${i}/${runs}: gunzip ${ms(f.gunzipMs)} + varints ${ms(f.varintMs)} = ${ms(f.floorMs)}`)
      }
      const ssRuns = opts.speedscopeRuns ?? defaultSpeedscopeRuns(file.size)
      for (let i = 1; i <= ssRuns && speedscopeDir; i++) {
        try {
          const t = await runSpeedscope(browser, server.url, file.name, opts.timeoutMs)
          result.speedscope.push(t)
          console.log(`  speedscope ${i}/${ssRuns}: first flame chart ${ms(t.drawnMs)} after its fetch began (import ${ms(t.importMs)}), heap ${
            t.heapBytes === null ? '-' : `${(t.heapBytes / 1e6).toFixed(1)} MB`}`)
        } catch (err) {
          const msg = err instanceof Error ? err.message.split('\n')[0] : String(err)
          result.speedscopeFailures.push(msg)
          console.log(`  speedscope ${i}/${ssRuns}: FAILED: ${msg}`)
          break
        }
      }
    }
  } finally {
    await browser.close()
    await server.close()
  }

  console.log(`\n${formatReport(results)}`)
  console.log(`\n${formatTargets(results)}`)
  const jsonPath = opts.json ? resolve(opts.json) : join(GENERATED, 'bench-results.json')
  writeFileSync(jsonPath, JSON.stringify({date: new Date().toISOString(), browser: label, results}, null, 2))
  console.log(`\nall measurements: ${relative(ROOT, jsonPath)}`)
  const failed = results.some((r) => r.failures.length) || problems.length > 0
  for (const p of new Set(problems)) console.log(`problem: ${p}`)
  process.exit(failed ? 1 : 0)
}

main().catch((err) => {
  console.error(err instanceof Error ? err.stack ?? err.message : err)
  process.exit(1)
})

#!/usr/bin/env node
// Writes a deterministic synthetic Go heap profile (or a gzip bomb) for benchmarks and cap tests.
//
//   node scripts/gen-profile.mjs --size 10mb --out bench/generated/heap-10mb.pb.gz [--seed 1]
//   node scripts/gen-profile.mjs --samples 5000 --out /tmp/small.pb.gz
//   node scripts/gen-profile.mjs --bomb 1100 --out bench/generated/bomb-1100mib.gz
//
// Same arguments, same bytes: the PRNG is seeded and gzip runs at a fixed level with no mtime.

import {mkdirSync} from 'node:fs'
import {dirname} from 'node:path'
import {parseArgs} from 'node:util'
import {writeBomb} from './bench/gen/bomb.mjs'
import {generateProfile} from './bench/gen/profile-writer.mjs'

const USAGE = `usage: node scripts/gen-profile.mjs (--size <N>mb | --samples <N> | --bomb <MiB>) --out <file> [--seed <n>] [--functions <n>] [--json]
  --size       target .gz size, decimal megabytes (1mb = 1,000,000 bytes); e.g. 1mb, 10mb, 50mb, 2.5mb
  --samples    exact number of samples instead of a size target
  --bomb       write <MiB> MiB of zeros, gzipped (a decompression bomb), instead of a profile
  --functions  application functions in the fake code base (default 24000, ~20k end up used)
  --seed       PRNG seed (default 1)
  --json       print the result as one JSON line`

/**
 * Parses a size such as `10mb`, `512kb` or `1e6` into bytes (decimal units).
 * @param {string} text
 * @returns {number}
 */
export function parseSize(text) {
  const m = /^(\d+(?:\.\d+)?(?:e\d+)?)\s*(b|kb|mb|gb)?$/i.exec(text.trim())
  if (!m) throw new Error(`bad size '${text}' (try 10mb)`)
  const mult = {b: 1, kb: 1e3, mb: 1e6, gb: 1e9}[(m[2] ?? 'b').toLowerCase()] ?? 1
  return Math.round(Number(m[1]) * mult)
}

const mb = (/** @type {number} */ n) => (n / 1e6).toFixed(2)

async function main() {
  const {values} = parseArgs({
    options: {
      size: {type: 'string'},
      samples: {type: 'string'},
      bomb: {type: 'string'},
      out: {type: 'string'},
      seed: {type: 'string', default: '1'},
      functions: {type: 'string'},
      json: {type: 'boolean', default: false},
      help: {type: 'boolean', short: 'h', default: false},
    },
  })
  if (values.help || !values.out || [values.size, values.samples, values.bomb].filter(Boolean).length !== 1) {
    console.error(USAGE)
    process.exit(values.help ? 0 : 2)
  }
  mkdirSync(dirname(values.out), {recursive: true})

  if (values.bomb) {
    const r = await writeBomb(values.out, Number(values.bomb))
    if (values.json) console.log(JSON.stringify(r))
    else console.log(`wrote ${r.out}: gzip bomb, gz ${r.gzBytes} B (${mb(r.gzBytes)} MB), raw ${r.rawBytes} B (${values.bomb} MiB of zeros), ${(r.ms / 1000).toFixed(1)} s`)
    return
  }

  const r = await generateProfile({
    out: values.out,
    seed: Number(values.seed),
    targetGzBytes: values.size ? parseSize(values.size) : undefined,
    samples: values.samples ? Number(values.samples) : undefined,
    functions: values.functions ? Number(values.functions) : undefined,
  })
  if (values.json) {
    console.log(JSON.stringify(r))
    return
  }
  const target = values.size ? ` (target ${mb(parseSize(values.size))} MB, ${((r.gzBytes / parseSize(values.size) - 1) * 100).toFixed(1)}%)` : ''
  console.log([
    `wrote ${r.out}`,
    `  gz ${r.gzBytes} B = ${mb(r.gzBytes)} MB${target}, raw ${r.rawBytes} B = ${mb(r.rawBytes)} MB`,
    `  samples ${r.samples}, distinct stacks ${r.stacks}, locations ${r.locations} (${r.inlinedLocations} with inlined lines), functions ${r.functions}, strings ${r.strings}`,
    `  depth (frames) min ${r.depth.min} avg ${r.depth.avg.toFixed(1)} max ${r.depth.max}`,
    `  time ${(r.ms / 1000).toFixed(2)} s, peak RSS ${mb(process.resourceUsage().maxRSS * 1024)} MB`,
  ].join('\n'))
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err)
  process.exit(1)
})

#!/usr/bin/env node
// Decodes a generated profile with protobufjs and checks the invariants the generator
// promises. Usage: node scripts/bench/verify-profile.mjs <file.pb.gz>...

import {readFileSync} from 'node:fs'
import {fileURLToPath} from 'node:url'
import {gunzipSync} from 'node:zlib'
import protobuf from 'protobufjs'

const PROTO = fileURLToPath(new URL('../../proto/profile.proto', import.meta.url))

/**
 * Checks one profile; returns a summary and the list of problems found.
 * @param {string} file
 * @returns {Promise<{summary: Record<string, unknown>, problems: string[]}>}
 */
export async function verifyProfile(file) {
  const root = await protobuf.load(PROTO)
  const Profile = root.lookupType('perftools.profiles.Profile')
  const raw = gunzipSync(readFileSync(file))
  const p = /** @type {any} */ (Profile.toObject(Profile.decode(raw), {longs: Number}))
  const st = p.stringTable
  /** @type {string[]} */
  const problems = []
  const fail = (/** @type {string} */ m) => problems.length < 20 && problems.push(m)
  const types = p.sampleType.map((/** @type {any} */ t) => `${st[t.type]}/${st[t.unit]}`).join(',')
  if (types !== 'alloc_objects/count,alloc_space/bytes,inuse_objects/count,inuse_space/bytes') fail(`sample types ${types}`)
  if (`${st[p.periodType?.type]}/${st[p.periodType?.unit]}` !== 'space/bytes' || p.period !== 524288) fail('period')
  if (!p.timeNanos) fail('time_nanos unset')
  if (p.mapping.length !== 1 || st[p.mapping[0].filename] !== '/app/server') fail('mapping')
  const fnIds = new Set(p.function.map((/** @type {any} */ f) => f.id))
  for (const f of p.function) if (!(f.name < st.length && f.filename < st.length)) fail(`function ${f.id} string index`)
  /** @type {Map<number, number>} */
  const lines = new Map()
  for (const l of p.location) {
    if (l.mappingId !== 1) fail(`location ${l.id} mapping`)
    for (const ln of l.line) if (!fnIds.has(ln.functionId)) fail(`location ${l.id} function ${ln.functionId}`)
    lines.set(l.id, l.line.length)
  }
  const bytesKey = st.indexOf('bytes')
  const stacks = new Set()
  let minDepth = Infinity
  let maxDepth = 0
  let recursive = 0
  for (const s of p.sample) {
    let depth = 0
    for (const id of s.locationId) {
      const n = lines.get(id)
      if (n === undefined) fail(`sample references location ${id}`)
      depth += n ?? 0
    }
    minDepth = Math.min(minDepth, depth)
    maxDepth = Math.max(maxDepth, depth)
    if (s.locationId.some((/** @type {number} */ id, /** @type {number} */ i) => i > 0 && id === s.locationId[i - 1])) recursive++
    stacks.add(s.locationId.join(','))
    const [ao, as, io, is] = s.value
    const size = s.label?.[0]?.key === bytesKey ? s.label[0].num : undefined
    if (s.value.length !== 4 || io > ao || is > as || size === undefined || as !== ao * size || is !== io * size) {
      fail(`sample values ${s.value} bytes=${size}`)
    }
  }
  if (minDepth < 10 || maxDepth > 80) fail(`depth ${minDepth}..${maxDepth}`)
  return {
    summary: {
      file, raw: raw.length, samples: p.sample.length, stacks: stacks.size, recursiveSamples: recursive,
      locations: p.location.length, inlined: p.location.filter((/** @type {any} */ l) => l.line.length > 1).length,
      functions: p.function.length, strings: st.length, depth: `${minDepth}..${maxDepth}`,
    },
    problems,
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  let bad = 0
  for (const file of process.argv.slice(2)) {
    const {summary, problems} = await verifyProfile(file)
    console.log(JSON.stringify(summary))
    for (const m of problems) console.log(`  problem: ${m}`)
    if (problems.length) bad++
  }
  process.exit(bad ? 1 : 0)
}

#!/usr/bin/env node
// Generates static protobufjs decoding code (and its types) for proto/profile.proto into
// src/decode/generated/. Static code needs no `unsafe-eval` under a Content Security Policy,
// unlike protobufjs reflection. Run with `npm run proto`; the output is checked in.
import {execFileSync} from 'node:child_process'
import {mkdirSync, writeFileSync} from 'node:fs'
import {createRequire} from 'node:module'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const outDir = join(root, 'src', 'decode', 'generated')
const pbjs = createRequire(import.meta.url).resolve('protobufjs-cli/bin/pbjs')

mkdirSync(outDir, {recursive: true})
execFileSync(
  process.execPath,
  [
    pbjs,
    '--target', 'static-module',
    '--wrap', 'esm',
    '--dependency', 'protobufjs/minimal.js',
    // Decoding only: the viewer never writes profiles.
    '--no-encode', '--no-verify', '--no-convert', '--no-delimited', '--no-create', '--no-typeurl',
    '--dts',
    '--out', join(outDir, 'profile.js'),
    join(root, 'proto', 'profile.proto'),
  ],
  {stdio: 'inherit'},
)
writeFileSync(
  join(outDir, 'README.md'),
  '# generated, do not edit; run `npm run proto`\n\n' +
    'profile.js and profile.d.ts are protobufjs static code for proto/profile.proto, made\n' +
    'by scripts/gen-proto.mjs (pbjs, decode functions only). The decoder reads profiles\n' +
    'with its own loops (src/decode/protobuf.ts); the tests use this code as an\n' +
    'independent decoder to cross-check it.\n',
)
console.log(`wrote ${outDir}/profile.js, profile.d.ts, README.md`)

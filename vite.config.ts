import react from '@vitejs/plugin-react'
import {type Plugin, defineConfig} from 'vite'

/**
 * The Content-Security-Policy of the built page. Profile strings are only ever text, and this
 * makes sure nothing else could run either:
 * - scripts and workers only from the site itself (no inline or eval'd script); `blob:` workers
 *   are allowed for libraries that spawn them;
 * - 'wasm-unsafe-eval' lets Graphviz (the call graph view, WebAssembly) compile; it allows no
 *   JavaScript eval;
 * - styles: React and d3 set style properties through the CSSOM, which CSP does not restrict,
 *   so no 'unsafe-inline';
 * - connect-src: profiles may be opened by URL from other servers (`#url=`), over http or https;
 * - images: the inline favicon and exported images (data: and blob: URLs).
 * A <meta> policy cannot carry frame-ancestors or report-uri; a server can add those as headers.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self' blob:",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self' https: http:",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'none'",
].join('; ')

// Only in the build: the dev server's hot reload injects inline scripts.
function contentSecurityPolicy(): Plugin {
  return {
    name: 'heapscope-csp',
    apply: 'build',
    transformIndexHtml: () => [
      {
        tag: 'meta',
        attrs: {'http-equiv': 'Content-Security-Policy', content: CONTENT_SECURITY_POLICY},
        injectTo: 'head-prepend',
      },
    ],
  }
}

// base './' keeps every asset and worker URL relative, so dist/ works from any host and sub-path.
export default defineConfig({
  base: './',
  plugins: [react(), contentSecurityPolicy()],
  worker: {format: 'es'},
  // Dependencies imported only from the decode worker are otherwise discovered late in dev,
  // which reloads the page in the middle of a load.
  optimizeDeps: {include: ['protobufjs/minimal.js', 'fflate']},
  build: {target: 'es2022', sourcemap: true},
})

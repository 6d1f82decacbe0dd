import react from '@vitejs/plugin-react'
import {defineConfig} from 'vite'

// base './' keeps every asset and worker URL relative, so dist/ works from any host and sub-path.
export default defineConfig({
  base: './',
  plugins: [react()],
  worker: {format: 'es'},
  // Dependencies imported only from the decode worker are otherwise discovered late in dev,
  // which reloads the page in the middle of a load.
  optimizeDeps: {include: ['protobufjs/minimal.js', 'fflate']},
  build: {target: 'es2022', sourcemap: true},
})

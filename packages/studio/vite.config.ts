import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// The studio bundles the contract and the SDK's browser-safe modules from source; the SDK's index
// also exports the CLI config (node:fs), so the studio never imports it (see src/api/transport.ts).
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  resolve: { alias: { '@cairn/api': fileURLToPath(new URL('../api/src/index.ts', import.meta.url)) } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    assetsDir: 'assets',
    // The preload polyfill would be inlined into index.html; the CSP forbids inline script.
    modulePreload: { polyfill: false },
    sourcemap: false,
    target: 'es2022',
  },
});

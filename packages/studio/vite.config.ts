import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The studio bundles the contract and the SDK's browser-safe modules from source; the SDK's index
// also exports the CLI config (node:fs), so the studio never imports it (see src/api/transport.ts).
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [react()],
  resolve: { alias: { '@cairn/api': fileURLToPath(new URL('../api/src/index.ts', import.meta.url)) } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    assetsDir: 'assets',
    // The preload polyfill would be inlined into index.html; the CSP forbids inline script.
    modulePreload: { polyfill: false },
    // Asset files, never data: URLs inlined into the stylesheet or markup.
    assetsInlineLimit: 0,
    sourcemap: false,
    target: 'es2022',
    rollupOptions: {
      output: {
        // React and uPlot change less often than the pages: their own chunks stay cached across releases.
        manualChunks: (id) => (/node_modules\/(react|react-dom|scheduler)\//.test(id) ? 'react' : /node_modules\/uplot\//.test(id) ? 'uplot' : undefined),
      },
    },
  },
});

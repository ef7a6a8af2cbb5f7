import { readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

// A build does not empty dist first: a server (or a test) serving the previous build keeps finding
// the chunks its index.html names while the new build is written. Chunks no build has written for
// an hour are removed afterwards, so dist stays small.
const STALE_MS = 60 * 60 * 1000;
function removeStaleAssets(): Plugin {
  return {
    name: 'cairn-remove-stale-assets',
    apply: 'build',
    writeBundle(options, bundle) {
      const assets = join(options.dir!, 'assets');
      const written = new Set(Object.keys(bundle).map((name) => name.replace(/^assets\//, '')));
      for (const name of readdirSync(assets)) {
        const path = join(assets, name);
        if (!written.has(name) && Date.now() - statSync(path).mtimeMs > STALE_MS) rmSync(path, { force: true });
      }
    },
  };
}

// The studio bundles the contract and the SDK's browser-safe modules from source; the SDK's index
// also exports the CLI config (node:fs), so the studio never imports it (see src/api/transport.ts).
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [react(), removeStaleAssets()],
  resolve: { alias: { '@cairn/api': fileURLToPath(new URL('../api/src/index.ts', import.meta.url)) } },
  build: {
    outDir: 'dist',
    emptyOutDir: false,
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

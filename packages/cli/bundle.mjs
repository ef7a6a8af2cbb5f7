/**
 * Bundles the CLI for start-up speed: `dist/cairn.mjs` plus one chunk per lazily loaded command in
 * `dist/chunks/`, so `cairn` reads a few files instead of resolving hundreds of modules. The server
 * and the runner stay outside (`cairn server`, `environment build` load them from their packages).
 * Run by the root `npm run build` after `tsc`; `bin/cairn.js` falls back to `dist/main.js` without it.
 */
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));

// Chunk names carry a content hash: drop the last build's.
rmSync(join(here, 'dist', 'chunks'), { recursive: true, force: true });
await build({
  entryPoints: { cairn: join(here, 'src', 'main.ts') }, bundle: true, splitting: true, platform: 'node', format: 'esm', target: 'node20',
  outdir: join(here, 'dist'), chunkNames: 'chunks/[name]-[hash]', logLevel: 'warning',
  external: ['@cairn/server', '@cairn/runner'],
  // CommonJS dependencies bundled into ESM call require() for node built-ins.
  banner: { js: "import { createRequire as __cairnRequire } from 'node:module'; const require = __cairnRequire(import.meta.url);" },
});

/**
 * Bundles the CLI for start-up speed: `dist/cairn.mjs` plus one chunk per lazily loaded command in
 * `dist/chunks/`, so `cairn` reads a few files instead of resolving hundreds of modules. The server
 * and the runner stay outside (`cairn server`, `environment build` load them from their packages).
 * Run by the root `npm run build` after `tsc`; `bin/cairn.js` falls back to `dist/main.js` without it.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import * as contract from '@cairn/api';

const here = dirname(fileURLToPath(import.meta.url));
const packages = join(here, '..');

/**
 * The SDK calls a route knowing only its id, method, path and kinds; building every zod schema of
 * the contract to get those cost each `cairn` start about 40 ms (ADR 17). For the SDK, `@cairn/api`
 * is those fields alone (taken from the built contract at bundle time), the contract's constants as
 * values and its error module (no zod). A function or class the SDK takes from any other module of the
 * contract fails this build ("No matching export"): export it here too, knowing it brings its schemas.
 * Every module of the contract is marked free of side effects, so that the CLI's own imports keep only
 * what a command uses: `submit-script` loads zod for `RunConfigSchema` when it reads the run
 * configuration, `run list` loads no zod at all.
 */
const routesWithoutSchemas = {
  name: 'routes-without-schemas',
  setup(plugin) {
    plugin.onResolve({ filter: /^@cairn\/api$/ }, (args) => (args.importer.includes('/packages/sdk/') ? { path: 'light', namespace: 'cairn-api' } : undefined));
    plugin.onLoad({ filter: /^light$/, namespace: 'cairn-api' }, () => ({ contents: lightModule(), loader: 'js', resolveDir: here }));
    plugin.onResolve({ filter: /.*/ }, async (args) => {
      if (args.pluginData === 'resolving' || !(args.path === '@cairn/api' || args.importer.includes('/packages/api/dist/'))) return undefined;
      const resolved = await plugin.resolve(args.path, { kind: args.kind, importer: args.importer, resolveDir: args.resolveDir, pluginData: 'resolving' });
      return resolved.path.includes('/packages/api/dist/') ? { path: resolved.path, sideEffects: false } : undefined;
    });
  },
};

/**
 * zod's index exports every locale (`z.locales`, 366 KB of the 750 KB it adds to a chunk); Cairn
 * uses the English messages only, which zod's schemas import themselves.
 */
const englishOnly = {
  name: 'zod-english-only',
  setup(plugin) {
    plugin.onResolve({ filter: /locales\/index\.js$/ }, (args) => (args.importer.includes('/node_modules/zod/') ? { path: join(dirname(args.importer), args.path), namespace: 'zod-locales' } : undefined));
    plugin.onLoad({ filter: /.*/, namespace: 'zod-locales' }, (args) => ({ contents: "export { default as en } from './en.js';", loader: 'js', resolveDir: dirname(args.path) }));
  },
};

function lightModule() {
  const groups = {};
  for (const route of contract.allRoutes) {
    const [group, name] = route.id.split('.');
    const { id, method, path, summary, action, bodyKind, responseKind, status } = route;
    (groups[group] ??= {})[name] = { id, method, path, summary, action, bodyKind, responseKind, status };
  }
  // Constants (strings, numbers, lists of them) are copied as values, so that importing one loads no schema module.
  const constants = Object.entries(contract).filter(([name, value]) => name !== 'api' && name !== 'allRoutes' && isPlainData(value));
  return [
    `export * from ${JSON.stringify(join(packages, 'api', 'dist', 'errors.js'))};`,
    `export const api = ${JSON.stringify(groups)};`,
    'export const allRoutes = Object.values(api).flatMap((group) => Object.values(group));',
    ...constants.map(([name, value]) => `export const ${name} = ${JSON.stringify(value)};`),
  ].join('\n');
}

function isPlainData(value) {
  if (value === null || ['string', 'boolean'].includes(typeof value) || (typeof value === 'number' && Number.isFinite(value))) return true;
  if (Array.isArray(value)) return value.every(isPlainData);
  const proto = typeof value === 'object' ? Object.getPrototypeOf(value) : undefined;
  return (proto === Object.prototype || proto === null) && Object.values(value).every(isPlainData);
}

/**
 * A fingerprint of the contract's built code and of the CLI's run configuration code: run
 * configurations the CLI checked are remembered under it (src/run-config/known-run-config.ts), so a
 * rebuilt contract checks them again.
 */
function contractFingerprint() {
  const hash = createHash('sha256');
  for (const dir of [join(packages, 'api', 'dist'), join(here, 'src', 'run-config')]) {
    const files = readdirSync(dir, { recursive: true }).map(String).filter((f) => /\.(js|ts)$/.test(f) && !f.endsWith('.d.ts')).sort();
    for (const file of files) hash.update(`${file}\0`).update(readFileSync(join(dir, file)));
  }
  return hash.digest('hex');
}

// `cairn --version` without reading package.json at run time.
const cliVersion = JSON.parse(readFileSync(join(here, 'package.json'), 'utf8')).version;

// Chunk names carry a content hash: drop the last build's.
rmSync(join(here, 'dist', 'chunks'), { recursive: true, force: true });
await build({
  entryPoints: { cairn: join(here, 'src', 'main.ts') }, bundle: true, splitting: true, platform: 'node', format: 'esm', target: 'node20',
  outdir: join(here, 'dist'), chunkNames: 'chunks/[name]-[hash]', logLevel: 'warning', plugins: [routesWithoutSchemas, englishOnly],
  external: ['@cairn/server', '@cairn/runner'],
  alias: { '@cairn/runner/http-fetch': join(packages, 'runner', 'src', 'http-fetch.ts') },
  define: { 'globalThis.cairnContractFingerprint': JSON.stringify(contractFingerprint()), 'globalThis.cairnCliVersion': JSON.stringify(cliVersion) },
  // CommonJS dependencies bundled into ESM call require() for node built-ins.
  banner: { js: "import { createRequire as __cairnRequire } from 'node:module'; const require = __cairnRequire(import.meta.url);" },
});

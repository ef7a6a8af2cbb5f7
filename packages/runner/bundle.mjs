/**
 * Bundles the runner into one file for compute nodes without the repository (Slurm, attached
 * machines): `<out>/cairn-runner.mjs`, with the Python client, the `azureml` package and `inference_schema` beside it
 * in `<out>/python`, where the runner looks first. Usage: `node bundle.mjs [OUT_DIR]` (default `bundle`).
 */
import { cpSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));

/**
 * The runner uses only types and the error class of `@cairn/api` at run time; the package's index
 * would also pull in every zod schema of the HTTP contract (most of a bundle 5 times larger). A value
 * import from anything else fails the bundle build ("No matching export"), so this cannot go stale unseen.
 */
const apiErrorsOnly = {
  name: 'api-errors-only',
  setup(plugin) {
    plugin.onResolve({ filter: /^@cairn\/api$/ }, () => ({ path: join(here, '..', 'api', 'src', 'errors.ts') }));
  },
};

/** Writes the bundle into `outDir`; answers the runner file's path. */
export async function bundleRunner(outDir) {
  const outfile = join(outDir, 'cairn-runner.mjs');
  await build({
    entryPoints: [join(here, 'src', 'main.ts')], bundle: true, platform: 'node', format: 'esm', target: 'node20',
    outfile, banner: { js: '#!/usr/bin/env node' }, logLevel: 'warning', plugins: [apiErrorsOnly],
  });
  for (const pkg of ['cairn', 'azureml', 'inference_schema']) {
    cpSync(join(here, '..', '..', 'python', pkg), join(outDir, 'python', pkg), { recursive: true, filter: (src) => !src.includes('__pycache__') });
  }
  return outfile;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const file = await bundleRunner(resolve(process.argv[2] ?? join(here, 'bundle')));
  process.stdout.write(`${file}\n`);
}

#!/usr/bin/env node
// Plain JavaScript so that it runs without a build step of its own. It loads the one-file bundle
// `npm run build` makes (dist/cairn.js: a faster start), else the compiled tree (dist/main.js).
const notFound = (error, file) => error?.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).includes(file);
import('../dist/cairn.js')
  .catch((error) => {
    if (!notFound(error, 'cairn.js')) throw error;
    return import('../dist/main.js');
  })
  .catch((error) => {
    if (!notFound(error, 'main.js')) throw error;
    process.stderr.write(`error CLI_NOT_BUILT: ${error.message}\nhint: run \`npm run build\` at the repository root\n`);
    process.exitCode = 1;
  });

#!/usr/bin/env node
// Plain JavaScript so that it runs without a build step of its own; the CLI itself is compiled to dist/.
import('../dist/main.js').catch((error) => {
  if (error?.code !== 'ERR_MODULE_NOT_FOUND') throw error;
  process.stderr.write(`error CLI_NOT_BUILT: ${error.message}\nhint: run \`npm run build\` at the repository root\n`);
  process.exitCode = 1;
});

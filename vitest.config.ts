import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const src = (pkg: string) => fileURLToPath(new URL(`./packages/${pkg}/src/index.ts`, import.meta.url));

// Tests run against the TypeScript sources of sibling packages, so `npm test` needs no build for them;
// CLI tests that spawn `cairn` as a process use the built dist (npm test builds first).
const alias = {
  // Before '@cairn/runner', which would otherwise take this subpath too.
  '@cairn/runner/http-fetch': fileURLToPath(new URL('./packages/runner/src/http-fetch.ts', import.meta.url)),
  '@cairn/api': src('api'),
  '@cairn/server': src('server'),
  '@cairn/sdk': src('sdk'),
  '@cairn/runner': src('runner'),
  '@cairn/serving': src('serving'),
};

// "fast": unit and in-process HTTP tests on SQLite. "slow": PostgreSQL, Python and CLI processes.
const slow = ['**/*.pg.test.ts', '**/*.e2e.test.ts'];

export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      { resolve: { alias }, test: { name: 'fast', include: ['packages/*/src/**/*.test.ts'], exclude: [...slow, '**/node_modules/**'] } },
      { resolve: { alias }, test: { name: 'slow', include: [...slow.map((g) => `packages/*/src/${g}`), 'python/**/*.e2e.test.ts', 'examples/**/*.e2e.test.ts'], exclude: ['**/node_modules/**'], testTimeout: 60_000, hookTimeout: 120_000 } },
    ],
    pool: 'forks',
    testTimeout: 20_000,
  },
});

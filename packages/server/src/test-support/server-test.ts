/** vitest fixtures of a test server; kept apart from `test-server.ts` so that code outside vitest can start a server. */
import { test } from 'vitest';
import { startTestServer, type TestServerOptions } from './test-server.js';

/** vitest's `it` with `server`: one test server, started with `options`, for the whole test file, closed after its last test. */
export function testWithServer(options: TestServerOptions) {
  return test.extend('server', { scope: 'file' }, async ({}, { onCleanup }) => {
    const server = await startTestServer(options);
    onCleanup(() => server.close());
    return server;
  });
}

/** `testWithServer` with a server that does not listen (tests call it through `app.inject`). */
export const serverTest = testWithServer({ listen: false });

/** The fixtures of the tests that call a workspace's API as the owner, on the file's test server. */
import { caller } from '../runs/test-support/http.js';
import { serverTest } from './server-test.js';

/** `it` with `server` and `call`: `/api/v1/workspaces/default…` of that server, as its owner, through `app.inject`. */
export const callTest = serverTest.extend('call', { scope: 'file' }, ({ server }) => caller(server));

/**
 * Run-scoped tokens (handed to a runner) reach one run: its own routes and its descendants', its
 * snapshot and blobs, child runs created under it, and the vault secrets its configuration grants.
 * The check lives behind this interface so the route layer does not depend on execution.
 */
import { AuthError, type RouteDef } from '@cairn/api';
import type { WorkspaceRef } from '../http/implement.js';
import type { Principal } from './principal.js';

/** What a run-scoped request asks for, after validation. */
export interface RunScopedRequest {
  principal: Principal & { runId: string };
  route: RouteDef;
  params: Record<string, unknown> | undefined;
  body: unknown;
  workspace: WorkspaceRef | null;
}

export interface RunScope {
  /** Throws FORBIDDEN unless the run token may make this request. */
  authorize(request: RunScopedRequest): Promise<void>;
}

/** Refuses every run token: for apps built without execution. */
export const noRunTokens: RunScope = {
  authorize: async ({ principal }) => {
    throw new AuthError('FORBIDDEN', `run token ${principal.tokenId} is not accepted by this server`);
  },
};

/**
 * What a run-scoped token reaches: routes of its run and of the runs below it (children it made),
 * creating children under them, its snapshot and blobs, its workspace and experiment, models to
 * read, and the secrets route, which the execution service checks against the run configuration.
 */
import { AuthError, type Action } from '@cairn/api';
import { can } from '../auth/principal.js';
import type { RunScope, RunScopedRequest } from '../auth/run-scope.js';
import type { RunStore } from '../runs/run-store.js';
import type { ExecutionStore } from './execution-store.js';

// Routes without a run id a runner's script may call, and what it must hold for them.
const workspaceRoutes = new Set([
  'workspaces.get', 'experiments.get', 'experiments.ensure', 'tokens.whoami', 'blobs.download',
  // Model.register of local files from a script uploads their blobs first.
  'blobs.missing', 'blobs.upload',
  'models.list', 'models.get', 'models.download', 'models.aliases', 'metrics.latest', 'environments.get',
  // Dataset inputs and outputs (issue 7): the runner reads input files and writes outputs.
  'datasets.get', 'datasets.files', 'datasets.create', 'datastores.get', 'datastores.files', 'datastores.download', 'datastores.upload',
]);
// Deep child trees are rare; the walk up stops here rather than trusting unbounded chains.
const MAX_DEPTH = 20;

export class RunTokenScope implements RunScope {
  constructor(
    private readonly runs: RunStore,
    private readonly executions: ExecutionStore,
  ) {}

  async authorize(request: RunScopedRequest): Promise<void> {
    const { principal, route, params, workspace } = request;
    if (workspace === null && route.id !== 'tokens.whoami') throw this.denied(request, 'it only works in its run\'s workspace');
    if (route.action !== 'authenticated' && route.action !== 'secrets.read-value' && !can(principal, route.action as Action, workspace?.id ?? null)) {
      throw this.denied(request, `its user may not ${route.action}`);
    }
    const runId = typeof params?.runId === 'string' ? params.runId : null;
    if (runId !== null) return this.requireInScope(request, runId);
    if (route.id === 'runs.create') return this.requireChildCreation(request);
    if (route.id === 'snapshots.get') return this.requireOwnSnapshot(request);
    if (route.id === 'models.register') return this.requireOwnModelSource(request);
    if (route.id === 'environments.reportBuild') return this.requireOwnEnvironment(request);
    if (!workspaceRoutes.has(route.id)) throw this.denied(request, 'the route is not open to run tokens');
    if (workspace !== null) await this.requireSameWorkspace(request, workspace.id);
  }

  private async requireInScope(request: RunScopedRequest, runId: string): Promise<void> {
    const root = request.principal.runId;
    let current = request.workspace ? await this.runs.get(request.workspace.id, runId) : null;
    for (let depth = 0; current && depth < MAX_DEPTH; depth++) {
      if (current.id === root) return;
      current = current.parentRunId === null ? null : await this.runs.get(current.workspaceId, current.parentRunId);
    }
    throw this.denied(request, `run ${runId} is not run ${root} or one of its children`);
  }

  private async requireChildCreation(request: RunScopedRequest): Promise<void> {
    const parent = (request.body as { parentRunId?: string } | undefined)?.parentRunId;
    if (parent === undefined) throw this.denied(request, 'it creates child runs only (set parentRunId)');
    await this.requireInScope(request, parent);
  }

  /** run.register_model names a run of the token's tree; Model.register of local files stays in the workspace. */
  private async requireOwnModelSource(request: RunScopedRequest): Promise<void> {
    const runId = (request.body as { runId?: string } | undefined)?.runId;
    if (runId !== undefined) return this.requireInScope(request, runId);
    if (request.workspace !== null) await this.requireSameWorkspace(request, request.workspace.id);
  }

  private async requireOwnSnapshot(request: RunScopedRequest): Promise<void> {
    const execution = await this.executions.get(request.principal.runId);
    if (!execution || execution.snapshotId !== (request.params?.snapshotId ?? request.params?.id) || execution.workspaceId !== request.workspace?.id) {
      throw this.denied(request, 'it reads its own run\'s snapshot only');
    }
  }

  private async requireOwnEnvironment(request: RunScopedRequest): Promise<void> {
    const execution = await this.executions.get(request.principal.runId);
    const spec = execution?.environment as { name?: string; version?: number } | null | undefined;
    if (!spec || spec.name !== request.params?.environment || String(spec.version) !== String(request.params?.version) || execution?.workspaceId !== request.workspace?.id) {
      throw this.denied(request, 'it reports builds of its own run\'s environment only');
    }
  }

  private async requireSameWorkspace(request: RunScopedRequest, workspaceId: number): Promise<void> {
    const execution = await this.executions.get(request.principal.runId);
    if (execution?.workspaceId !== workspaceId) throw this.denied(request, 'it only works in its run\'s workspace');
  }

  private denied(request: RunScopedRequest, why: string): AuthError {
    return new AuthError('FORBIDDEN', `the run token of run ${request.principal.runId} may not call ${request.route.id}: ${why}`);
  }
}

/** Every endpoint query, once, with Kysely for SQLite and PostgreSQL. */
import type { Kysely, Selectable, Transaction } from 'kysely';
import type { EndpointAuth, EndpointState } from '@cairn/api';
import type { Database, EndpointDeploymentTable, EndpointTable } from '../db/schema.js';
import type { DeploymentRecord, DeploymentSpec, EndpointRecord, EndpointStore, NewEndpoint, RolloutOutcome, ServedModel } from './endpoint-store.js';

interface StoredSpec {
  spec: DeploymentSpec;
  models: ServedModel[];
}

function toEndpoint(row: Selectable<EndpointTable>): EndpointRecord {
  return {
    id: row.id, workspaceId: row.workspace_id, name: row.name, description: row.description, auth: row.auth as EndpointAuth,
    primaryKey: row.primary_key, secondaryKey: row.secondary_key, tokenSecret: row.token_secret, traffic: JSON.parse(row.traffic) as Record<string, number>,
    createdAt: Number(row.created_at), createdBy: row.created_by, updatedAt: Number(row.updated_at),
  };
}

function toDeployment(row: Selectable<EndpointDeploymentTable>): DeploymentRecord {
  const stored = JSON.parse(row.spec) as StoredSpec;
  return {
    id: row.id, endpointId: row.endpoint_id, name: row.name, spec: stored.spec, models: stored.models, generation: row.generation,
    state: row.state as EndpointState, error: row.error, createdAt: Number(row.created_at), updatedAt: Number(row.updated_at),
  };
}

async function setModels(trx: Transaction<Database>, deploymentId: number, workspaceId: number, models: ServedModel[]): Promise<void> {
  await trx.deleteFrom('endpoint_models').where('deployment_id', '=', deploymentId).execute();
  const unique = new Map(models.map((m) => [`${m.name}:${m.version}`, m]));
  const rows = [...unique.values()].map((m) => ({ deployment_id: deploymentId, workspace_id: workspaceId, model_name: m.name, model_version: m.version }));
  if (rows.length > 0) await trx.insertInto('endpoint_models').values(rows).execute();
}

export class SqlEndpointStore implements EndpointStore {
  constructor(private readonly db: Kysely<Database>) {}

  async create(e: NewEndpoint): Promise<EndpointRecord | null> {
    const row = await this.db.insertInto('endpoints').values({
      workspace_id: e.workspaceId, name: e.name, description: e.description, auth: e.auth, primary_key: e.primaryKey, secondary_key: e.secondaryKey,
      token_secret: e.tokenSecret, traffic: JSON.stringify(e.traffic), created_at: e.createdAt, created_by: e.createdBy, updated_at: e.createdAt,
    }).onConflict((oc) => oc.columns(['workspace_id', 'name']).doNothing()).returningAll().executeTakeFirst();
    return row ? toEndpoint(row) : null;
  }

  async get(workspaceId: number, name: string): Promise<EndpointRecord | null> {
    const row = await this.db.selectFrom('endpoints').selectAll().where('workspace_id', '=', workspaceId).where('name', '=', name).executeTakeFirst();
    return row ? toEndpoint(row) : null;
  }

  async list(workspaceId: number): Promise<EndpointRecord[]> {
    return (await this.db.selectFrom('endpoints').selectAll().where('workspace_id', '=', workspaceId).orderBy('name').execute()).map(toEndpoint);
  }

  async all(): Promise<(EndpointRecord & { workspaceName: string })[]> {
    const rows = await this.db.selectFrom('endpoints as e').innerJoin('workspaces as w', 'w.id', 'e.workspace_id')
      .selectAll('e').select('w.name as workspace_name').orderBy('e.id').execute();
    return rows.map((row) => ({ ...toEndpoint(row), workspaceName: row.workspace_name }));
  }

  async update(id: number, change: Partial<Pick<EndpointRecord, 'traffic' | 'primaryKey' | 'secondaryKey'>>, at: number): Promise<void> {
    await this.db.updateTable('endpoints').set({
      updated_at: at,
      ...(change.traffic ? { traffic: JSON.stringify(change.traffic) } : {}),
      ...(change.primaryKey ? { primary_key: change.primaryKey } : {}),
      ...(change.secondaryKey ? { secondary_key: change.secondaryKey } : {}),
    }).where('id', '=', id).execute();
  }

  async delete(id: number): Promise<void> {
    // Explicit child deletes: SQLite connections may run without foreign key enforcement.
    await this.db.transaction().execute(async (trx) => {
      const ids = trx.selectFrom('endpoint_deployments').select('id').where('endpoint_id', '=', id);
      await trx.deleteFrom('endpoint_models').where('deployment_id', 'in', ids).execute();
      await trx.deleteFrom('endpoint_deployments').where('endpoint_id', '=', id).execute();
      await trx.deleteFrom('endpoints').where('id', '=', id).execute();
    });
  }

  async deployments(endpointId: number): Promise<DeploymentRecord[]> {
    return (await this.db.selectFrom('endpoint_deployments').selectAll().where('endpoint_id', '=', endpointId).orderBy('name').execute()).map(toDeployment);
  }

  async putDeployment(endpointId: number, workspaceId: number, name: string, spec: DeploymentSpec, models: ServedModel[], at: number): Promise<DeploymentRecord> {
    const stored = JSON.stringify({ spec, models } satisfies StoredSpec);
    const row = await this.db.transaction().execute(async (trx) => {
      await trx.insertInto('endpoint_deployments').values({ endpoint_id: endpointId, name, spec: stored, generation: 0, state: 'Transitioning', error: null, created_at: at, updated_at: at })
        .onConflict((oc) => oc.columns(['endpoint_id', 'name']).doNothing()).execute();
      const updated = await trx.updateTable('endpoint_deployments').set((eb) => ({ spec: stored, generation: eb('generation', '+', 1), state: 'Transitioning', error: null, updated_at: at }))
        .where('endpoint_id', '=', endpointId).where('name', '=', name).returningAll().executeTakeFirstOrThrow();
      await setModels(trx, updated.id, workspaceId, models);
      return updated;
    });
    return toDeployment(row);
  }

  async finishRollout(deploymentId: number, generation: number, outcome: RolloutOutcome): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const spec = outcome.revert ? { spec: JSON.stringify({ spec: outcome.revert.spec, models: outcome.revert.models } satisfies StoredSpec) } : {};
      const done = await trx.updateTable('endpoint_deployments').set({ state: outcome.state, error: outcome.error, updated_at: outcome.at, ...spec })
        .where('id', '=', deploymentId).where('generation', '=', generation).returning('endpoint_id').executeTakeFirst();
      if (!done || !outcome.revert) return;
      const endpoint = await trx.selectFrom('endpoints').select('workspace_id').where('id', '=', done.endpoint_id).executeTakeFirstOrThrow();
      await setModels(trx, deploymentId, endpoint.workspace_id, outcome.revert.models);
    });
  }

  async deleteDeployment(deploymentId: number): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('endpoint_models').where('deployment_id', '=', deploymentId).execute();
      await trx.deleteFrom('endpoint_deployments').where('id', '=', deploymentId).execute();
    });
  }

  async usersOf(workspaceId: number, name: string, version: number): Promise<{ endpoint: string; deployment: string }[]> {
    return this.db.selectFrom('endpoint_models as m')
      .innerJoin('endpoint_deployments as d', 'd.id', 'm.deployment_id').innerJoin('endpoints as e', 'e.id', 'd.endpoint_id')
      .select(['e.name as endpoint', 'd.name as deployment'])
      .where('m.workspace_id', '=', workspaceId).where('m.model_name', '=', name).where('m.model_version', '=', version)
      .orderBy('e.name').orderBy('d.name').execute();
  }
}

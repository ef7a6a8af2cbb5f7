import { allRoutes, api } from '@cairn/api';
import { describe, expect, it } from 'vitest';
import { CairnClient } from './cairn-client.js';
import { facadeRoutes, type RouteId } from './route-table.js';
import { matchRoute } from './test-support/match-route.js';
import { recordingFetch } from './test-support/recording-fetch.js';

const SHA = 'a'.repeat(64);

// One call per facade method named in the table; keyed by the table's names, so a method listed
// there without a call here fails below.
const calls: Record<string, (c: CairnClient) => Promise<unknown>> = {
  openapi: (c) => c.openapi(),
  whoami: (c) => c.whoami(),
  'tokens.list': (c) => c.tokens.list(),
  'tokens.create': (c) => c.tokens.create({ user: 'u', role: 'Reader' }),
  'tokens.revoke': (c) => c.tokens.revoke('tok1'),
  'sessions.create': (c) => c.sessions.create(),
  'sessions.delete': (c) => c.sessions.delete(),
  'sessions.createLink': (c) => c.sessions.createLink(),
  'workspaces.list': (c) => c.workspaces.list(),
  'workspaces.create': (c) => c.workspaces.create('ws2'),
  'workspaces.get': (c) => c.workspaces.get('ws2'),
  'workspaces.delete': (c) => c.workspaces.delete('ws2', { force: true }),
  'workspace().experiments.list': (c) => c.workspace('w').experiments.list(),
  'workspace().experiments.get': (c) => c.workspace('w').experiments.get('exp'),
  'workspace().experiments.ensure': (c) => c.workspace('w').experiments.ensure('exp'),
  'workspace().environments.list': (c) => c.workspace('w').environments.list(),
  'workspace().environments.create': (c) => c.workspace('w').environments.create('sk', { python: {}, pip: ['a==1'], pipOptions: [], variables: {}, docker: null, systemSitePackages: false }),
  'workspace().environments.versions': (c) => c.workspace('w').environments.versions('sk'),
  'workspace().environments.get': (c) => c.workspace('w').environments.get('sk', 2),
  'workspace().environments.reportBuild': (c) => c.workspace('w').environments.reportBuild('sk', 2, { hash: SHA, status: 'Succeeded', node: 'n', durationMs: 1, log: 'ok' }),
  'workspace().environments.builds': (c) => c.workspace('w').environments.builds('sk', 2),
  'workspace().environments.buildLog': (c) => c.workspace('w').environments.buildLog('sk', 2, 1),
  'workspace().runs.create': (c) => c.workspace('w').runs.create({ experiment: 'exp' }),
  'workspace().runs.list': (c) => c.workspace('w').runs.list({ filter: "status = 'Running'" }),
  'workspace().runs.get': (c) => c.workspace('w').runs.get('r1'),
  'workspace().runs.update': (c) => c.workspace('w').runs.update('r1', { status: 'Running' }),
  'workspace().runs.cancel': (c) => c.workspace('w').runs.cancel('r1'),
  'workspace().runs.setTags': (c) => c.workspace('w').runs.setTags('r1', { a: '1' }, ['b']),
  'workspace().runs.addProperties': (c) => c.workspace('w').runs.addProperties('r1', { p: 'v' }),
  'workspace().runs.createChildren': (c) => c.workspace('w').runs.createChildren('r1', { count: 2 }),
  'workspace().runs.children': (c) => c.workspace('w').runs.children('r1', { recursive: true }),
  'workspace().metrics.log': (c) => c.workspace('w').metrics.log('r1', [{ name: 'loss', value: 1 }]),
  'workspace().metrics.list': (c) => c.workspace('w').metrics.list('r1'),
  'workspace().metrics.series': (c) => c.workspace('w').metrics.series('r1', 'loss', { maxPoints: 10 }),
  'workspace().metrics.points': (c) => c.workspace('w').metrics.points('r1', 'loss').next(),
  'workspace().metrics.latest': (c) => c.workspace('w').metrics.latest(['r1']),
  'workspace().files.upload': (c) => c.workspace('w').files.upload('r1', 'outputs/a.txt', Buffer.from('a')),
  'workspace().files.list': (c) => c.workspace('w').files.list('r1', 'outputs/'),
  'workspace().files.download': (c) => c.workspace('w').files.download('r1', 'outputs/a.txt'),
  'workspace().files.archive': (c) => c.workspace('w').files.archive('r1', 'outputs/'),
  'workspace().secrets.list': (c) => c.workspace('w').secrets.list(),
  'workspace().secrets.set': (c) => c.workspace('w').secrets.set('db-password', 'x'),
  'workspace().secrets.delete': (c) => c.workspace('w').secrets.delete('db-password'),
  'workspace().blobs.missing': (c) => c.workspace('w').blobs.missing([SHA]),
  'workspace().blobs.upload': (c) => c.workspace('w').blobs.upload(SHA, Buffer.from('a')),
  'workspace().blobs.download': (c) => c.workspace('w').blobs.download(SHA),
  'workspace().snapshots.create': (c) => c.workspace('w').snapshots.create([{ path: 'train.py', sha256: SHA, size: 1, mode: 0o644 }]),
  'workspace().snapshots.get': (c) => c.workspace('w').snapshots.get(SHA),
  'workspace().execution.submit': (c) => c.workspace('w').execution.submit({ experiment: 'exp', runConfig: { script: 'train.py' }, snapshotId: SHA }),
  'workspace().execution.spec': (c) => c.workspace('w').execution.spec('r1'),
  'workspace().execution.heartbeat': (c) => c.workspace('w').execution.heartbeat('r1'),
  'workspace().execution.appendLogs': (c) => c.workspace('w').execution.appendLogs('r1', { stream: 'stdout', lines: ['a'], batchKey: 'k' }),
  'workspace().execution.logs': (c) => c.workspace('w').execution.logs('r1', { rank: 1 }),
  'workspace().execution.follow': (c) => c.workspace('w').execution.follow('r1', { after: 3 }).next(),
  'workspace().execution.secret': (c) => c.workspace('w').execution.secret('r1', 'db-password'),
  'workspace().compute.list': (c) => c.workspace('w').compute.list(),
  'workspace().compute.get': (c) => c.workspace('w').compute.get('local'),
  'workspace().compute.create': (c) => c.workspace('w').compute.create({ name: 'hpc', type: 'slurm', settings: { partition: 'debug' } }),
  'workspace().compute.delete': (c) => c.workspace('w').compute.delete('hpc'),
  'workspace().compute.update': (c) => c.workspace('w').compute.update('hpc', { maxNodes: 4 }),
  'workspace().compute.runnerBundle': (c) => c.workspace('w').compute.runnerBundle('r1', '0123456789abcdef'),
  'workspace().datastores.register': (c) => c.workspace('w').datastores.register({ type: 'local', name: 'lake', path: '/data' }),
  'workspace().datastores.list': (c) => c.workspace('w').datastores.list(),
  'workspace().datastores.get': (c) => c.workspace('w').datastores.get('lake'),
  'workspace().datastores.setDefault': (c) => c.workspace('w').datastores.setDefault('lake'),
  'workspace().datastores.delete': (c) => c.workspace('w').datastores.delete('lake'),
  'workspace().datastores.files': (c) => c.workspace('w').datastores.files('lake', 'a/'),
  'workspace().datastores.upload': (c) => c.workspace('w').datastores.upload('lake', 'a/b.txt', Buffer.from('x')),
  'workspace().datastores.download': (c) => c.workspace('w').datastores.download('lake', 'a/b.txt'),
  'workspace().datasets.create': (c) => c.workspace('w').datasets.create({ name: 'd', path: 'a/*.csv' }),
  'workspace().datasets.list': (c) => c.workspace('w').datasets.list('d'),
  'workspace().datasets.get': (c) => c.workspace('w').datasets.get('d:1'),
  'workspace().datasets.files': (c) => c.workspace('w').datasets.files('d:1'),
  'workspace().datasets.diff': (c) => c.workspace('w').datasets.diff('d:1', 'd:2'),
  'workspace().datasets.csv': (c) => c.workspace('w').datasets.csv('d:1'),
  'workspace().datasets.delete': (c) => c.workspace('w').datasets.delete('d', 1),
  'workspace().datasets.linkRun': (c) => c.workspace('w').datasets.linkRun('r1', 'd:1', 'input', 'training'),
  'workspace().models.register': (c) => c.workspace('w').models.register({ name: 'm', runId: 'r1', path: 'outputs/model.pkl' }),
  'workspace().models.list': (c) => c.workspace('w').models.list({ tags: ['a', 'b=c'], latest: true }),
  'workspace().models.get': (c) => c.workspace('w').models.get('m:1'),
  'workspace().models.update': (c) => c.workspace('w').models.update('m', 1, { description: 'd' }),
  'workspace().models.delete': (c) => c.workspace('w').models.delete('m', 1),
  'workspace().models.download': (c) => c.workspace('w').models.download('m', 1, 'model.pkl'),
  'workspace().models.aliases': (c) => c.workspace('w').models.aliases('m'),
  'workspace().models.setAlias': (c) => c.workspace('w').models.setAlias('m', 'production', 1),
  'workspace().models.deleteAlias': (c) => c.workspace('w').models.deleteAlias('m', 'production'),
  'workspace().models.events': (c) => c.workspace('w').models.events('m'),
  'workspace().models.allEvents': (c) => c.workspace('w').models.allEvents(3),
  'workspace().endpoints.create': (c) => c.workspace('w').endpoints.create({ name: 'diabetes', models: ['m:1'], entryScript: 'score.py' }),
  'workspace().endpoints.list': (c) => c.workspace('w').endpoints.list(),
  'workspace().endpoints.get': (c) => c.workspace('w').endpoints.get('diabetes'),
  'workspace().endpoints.delete': (c) => c.workspace('w').endpoints.delete('diabetes'),
  'workspace().endpoints.deploy': (c) => c.workspace('w').endpoints.deploy('diabetes', 'green', { models: ['m@production'], traffic: { blue: 90, green: 10 } }),
  'workspace().endpoints.deleteDeployment': (c) => c.workspace('w').endpoints.deleteDeployment('diabetes', 'green'),
  'workspace().endpoints.setTraffic': (c) => c.workspace('w').endpoints.setTraffic('diabetes', { blue: 100 }),
  'workspace().endpoints.logs': (c) => c.workspace('w').endpoints.logs('diabetes', { deployment: 'blue' }),
  'workspace().endpoints.follow': (c) => c.workspace('w').endpoints.follow('diabetes').next(),
  'workspace().endpoints.keys': (c) => c.workspace('w').endpoints.keys('diabetes'),
  'workspace().endpoints.regenerateKey': (c) => c.workspace('w').endpoints.regenerateKey('diabetes', 'secondary'),
  'workspace().endpoints.token': (c) => c.workspace('w').endpoints.token('diabetes'),
  'workspace().endpoints.metrics': (c) => c.workspace('w').endpoints.metrics('diabetes'),
  'workspace().endpoints.prometheus': (c) => c.workspace('w').endpoints.prometheus('diabetes'),
  'workspace().endpoints.modelData': (c) => c.workspace('w').endpoints.modelData('diabetes'),
  'workspace().endpoints.invoke': (c) => c.workspace('w').endpoints.invoke('diabetes', '{"data": [[1]]}'),
};

describe('facade route table', () => {
  it('lists every route of the contract, under its own id', () => {
    expect(Object.keys(facadeRoutes).sort()).toEqual(allRoutes.map((r) => r.id).sort());
    for (const [group, routes] of Object.entries(api)) {
      for (const [name, route] of Object.entries(routes)) expect(route.id).toBe(`${group}.${name}`);
    }
  });

  it('has a call for every facade method it names, and no others', () => {
    expect(Object.keys(calls).sort()).toEqual([...new Set(Object.values(facadeRoutes))].sort());
  });

  it.each(Object.entries(facadeRoutes) as Array<[RouteId, string]>)('%s is reached by %s', async (id, method) => {
    const { fetch, requests } = recordingFetch((r) => (r.method === 'DELETE' ? new Response(null, { status: 204 }) : Response.json({ items: [] })));
    await calls[method]!(new CairnClient({ url: 'http://h', token: 't', fetch }));
    expect(requests).toHaveLength(1);
    expect(matchRoute(requests[0]!.method, requests[0]!.url)?.id).toBe(id);
  });
});

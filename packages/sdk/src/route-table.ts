/**
 * Which facade method calls which route. Typed by the `api` object's keys, so a route added to the
 * contract does not compile until it is listed here; `route-table.test.ts` calls every method listed
 * and checks it reaches the route it claims, so the table cannot drift from the code either.
 */
import type { api } from '@cairn/api';

type Api = typeof api;

/** A route's id: `group.name` of the `api` object (e.g. `runs.setTags`). */
export type RouteId = { [G in keyof Api]: `${G & string}.${keyof Api[G] & string}` }[keyof Api];

/** Route id → the facade method of `CairnClient` that calls it. */
export const facadeRoutes: Record<RouteId, string> = {
  'meta.openapi': 'openapi',
  'tokens.whoami': 'whoami',
  'tokens.list': 'tokens.list',
  'tokens.create': 'tokens.create',
  'tokens.revoke': 'tokens.revoke',
  'sessions.create': 'sessions.create',
  'sessions.delete': 'sessions.delete',
  'sessions.createLink': 'sessions.createLink',
  'workspaces.list': 'workspaces.list',
  'workspaces.create': 'workspaces.create',
  'workspaces.get': 'workspaces.get',
  'workspaces.delete': 'workspaces.delete',
  'experiments.list': 'workspace().experiments.list',
  'experiments.get': 'workspace().experiments.get',
  'experiments.ensure': 'workspace().experiments.ensure',
  'runs.create': 'workspace().runs.create',
  'runs.list': 'workspace().runs.list',
  'runs.get': 'workspace().runs.get',
  'runs.update': 'workspace().runs.update',
  'runs.cancel': 'workspace().runs.cancel',
  'runs.setTags': 'workspace().runs.setTags',
  'runs.addProperties': 'workspace().runs.addProperties',
  'runs.createChildren': 'workspace().runs.createChildren',
  'runs.listChildren': 'workspace().runs.children',
  'metrics.logBatch': 'workspace().metrics.log',
  'metrics.list': 'workspace().metrics.list',
  'metrics.series': 'workspace().metrics.series',
  'metrics.points': 'workspace().metrics.points',
  'metrics.latest': 'workspace().metrics.latest',
  'files.upload': 'workspace().files.upload',
  'files.list': 'workspace().files.list',
  'files.download': 'workspace().files.download',
  'files.archive': 'workspace().files.archive',
  'secrets.list': 'workspace().secrets.list',
  'secrets.set': 'workspace().secrets.set',
  'secrets.delete': 'workspace().secrets.delete',
  'blobs.missing': 'workspace().blobs.missing',
  'blobs.upload': 'workspace().blobs.upload',
  'blobs.download': 'workspace().blobs.download',
  'snapshots.create': 'workspace().snapshots.create',
  'snapshots.get': 'workspace().snapshots.get',
  'execution.submit': 'workspace().execution.submit',
  'execution.spec': 'workspace().execution.spec',
  'execution.heartbeat': 'workspace().execution.heartbeat',
  'execution.appendLogs': 'workspace().execution.appendLogs',
  'execution.logs': 'workspace().execution.logs',
  'execution.followLogs': 'workspace().execution.follow',
  'execution.secret': 'workspace().execution.secret',
  'compute.list': 'workspace().compute.list',
  'compute.get': 'workspace().compute.get',
  'models.register': 'workspace().models.register',
  'models.list': 'workspace().models.list',
  'models.get': 'workspace().models.get',
  'models.update': 'workspace().models.update',
  'models.delete': 'workspace().models.delete',
  'models.download': 'workspace().models.download',
  'models.aliases': 'workspace().models.aliases',
  'models.setAlias': 'workspace().models.setAlias',
  'models.deleteAlias': 'workspace().models.deleteAlias',
  'models.events': 'workspace().models.events',
};

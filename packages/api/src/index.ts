/** The Cairn HTTP contract: schemas, routes, roles and error codes shared by every package. */
export * from './errors.js';
export * from './names.js';
export * from './roles.js';
export * from './route.js';
export * from './status.js';
export * from './common.js';
export * from './openapi.js';
export * from './routes/index.js';
export * from './routes/workspaces.js';
export * from './routes/experiments.js';
export * from './routes/runs.js';
export * from './routes/metrics.js';
export * from './routes/files.js';
export * from './routes/secrets.js';
export * from './routes/tokens.js';
export * from './routes/meta.js';
export * from './run-config.js';

/** The Cairn workspace server. */
export { createServer, VERSION, type CairnServer, type ServerDeps } from './app.js';
export { runServer, type RunningServer } from './main.js';
export { loadConfig, type ServerConfig, type ServerFlags } from './config/config.js';
export { openMetadataDb, type MetadataDb } from './db/database.js';
export { openBlobStore } from './blobs/open-blob-store.js';
export type { BlobStore } from './blobs/blob-store.js';

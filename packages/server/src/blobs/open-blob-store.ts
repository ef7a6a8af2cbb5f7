/** Chooses the blob backend by URI scheme. */
import { fileURLToPath } from 'node:url';
import { InputError } from '@cairn/api';
import type { BlobStore } from './blob-store.js';
import { LocalBlobStore } from './local-blob-store.js';

const backends: Record<string, (uri: string) => BlobStore> = {
  'file:': (uri) => new LocalBlobStore(uri.startsWith('file://') ? fileURLToPath(uri) : uri.slice('file:'.length)),
};

/** Opens the blob store named by `uri` (`file:PATH`). */
export function openBlobStore(uri: string): BlobStore {
  const scheme = /^[a-z0-9]+:/.exec(uri)?.[0] ?? '';
  const open = backends[scheme];
  if (!open) throw new InputError('INVALID_INPUT', `unknown blob store URI ${JSON.stringify(uri)}: use one of ${Object.keys(backends).map((s) => `${s}…`).join(', ')}`);
  return open(uri);
}

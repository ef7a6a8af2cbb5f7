/**
 * Chooses the blob backend by URI scheme. Remote URIs name where the bytes live, never a credential:
 * `azure://CONTAINER[/PREFIX][?account_url=URL]` takes `AZURE_STORAGE_KEY` or `AZURE_STORAGE_SAS_TOKEN`
 * (and `AZURE_STORAGE_ACCOUNT` when no account URL is given) from the environment;
 * `s3://BUCKET[/PREFIX][?endpoint=URL&region=R]` takes the AWS default chain (`AWS_ACCESS_KEY_ID`, …).
 */
import { fileURLToPath } from 'node:url';
import { InputError } from '@cairn/api';
import { AzureBlobStore } from './azure-blob-store.js';
import type { BlobStore } from './blob-store.js';
import { LocalBlobStore } from './local-blob-store.js';
import { S3BlobStore } from './s3-blob-store.js';

type Env = Record<string, string | undefined>;

const backends: Record<string, (uri: string, env: Env) => BlobStore> = {
  'file:': (uri) => new LocalBlobStore(uri.startsWith('file://') ? fileURLToPath(uri) : uri.slice('file:'.length)),
  'azure:': (uri, env) => openAzure(remoteUri(uri), env),
  's3:': (uri, env) => openS3(remoteUri(uri), env),
};

/** Opens the blob store named by `uri` (`file:PATH`, `azure://…`, `s3://…`); credentials come from `env`. */
export function openBlobStore(uri: string, env: Env = process.env): BlobStore {
  const scheme = /^[a-z0-9]+:/.exec(uri)?.[0] ?? '';
  const open = backends[scheme];
  if (!open) throw new InputError('INVALID_INPUT', `unknown blob store URI ${JSON.stringify(uri)}: use one of ${Object.keys(backends).map((s) => `${s}…`).join(', ')}`);
  return open(uri, env);
}

const credentialParams = ['key', 'account_key', 'sig', 'sas', 'secret', 'secret_access_key', 'access_key_id', 'password'];

/** Splits `scheme://NAME/PREFIX?query`, refusing credentials in the URI (they would show in `ps` and logs). */
function remoteUri(uri: string): { name: string; prefix: string; query: URLSearchParams } {
  const url = new URL(uri);
  const leaked = credentialParams.filter((p) => url.searchParams.has(p));
  if (url.password || url.username || leaked.length > 0) {
    throw new InputError('INVALID_INPUT', `blob store URI ${url.protocol}//${url.host}/… carries a credential (${[...leaked, url.username ? 'user info' : ''].filter(Boolean).join(', ')}): pass credentials in the environment instead`);
  }
  if (!url.hostname) throw new InputError('INVALID_INPUT', `blob store URI ${JSON.stringify(uri)} names no container or bucket`);
  return { name: url.hostname, prefix: decodeURIComponent(url.pathname.replace(/^\/+|\/+$/g, '')), query: url.searchParams };
}

function openAzure({ name, prefix, query }: ReturnType<typeof remoteUri>, env: Env): BlobStore {
  const accountUrl = query.get('account_url') ?? (env.AZURE_STORAGE_ACCOUNT ? `https://${env.AZURE_STORAGE_ACCOUNT}.blob.core.windows.net` : undefined);
  if (!accountUrl) throw new InputError('INVALID_INPUT', 'azure:// blob store needs ?account_url=URL or AZURE_STORAGE_ACCOUNT in the environment');
  return new AzureBlobStore({ accountUrl, container: name, prefix, accountKey: env.AZURE_STORAGE_KEY, sasToken: env.AZURE_STORAGE_SAS_TOKEN });
}

function openS3({ name, prefix, query }: ReturnType<typeof remoteUri>, env: Env): BlobStore {
  return new S3BlobStore({
    bucket: name, prefix, endpoint: query.get('endpoint') ?? env.AWS_ENDPOINT_URL, region: query.get('region') ?? env.AWS_REGION,
    accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY,
  });
}

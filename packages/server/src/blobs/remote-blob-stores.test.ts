import { randomBytes } from 'node:crypto';
import { CreateBucketCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AzureBlobStore, azureContainerClient } from './azure-blob-store.js';
import { openBlobStore } from './open-blob-store.js';
import { S3BlobStore, s3Client } from './s3-blob-store.js';
import { blobStoreContract } from './test-support/blob-store-contract.js';
import { AZURITE_KEY, S3_KEY_ID, S3_SECRET, startAzurite, startS3rver, type ProtocolServer } from './test-support/protocol-servers.js';

let azurite: ProtocolServer;
let s3: ProtocolServer;
beforeAll(async () => {
  [azurite, s3] = await Promise.all([startAzurite(), startS3rver([])]);
}, 60_000);
afterAll(async () => Promise.all([azurite?.close(), s3?.close()]));

const fresh = () => `c${randomBytes(6).toString('hex')}`;

blobStoreContract('Azure Blob (Azurite)', async () => {
  const container = fresh();
  const options = { accountUrl: azurite.endpoint, container, accountKey: AZURITE_KEY, prefix: 'store' };
  await azureContainerClient(options).create();
  return { store: new AzureBlobStore(options), cleanup: async () => { await azureContainerClient(options).delete(); } };
}, { move: true });

blobStoreContract('S3 (s3rver)', async () => {
  const bucket = fresh();
  const options = { endpoint: s3.endpoint, bucket, accessKeyId: S3_KEY_ID, secretAccessKey: S3_SECRET, prefix: 'store' };
  await s3Client(options).send(new CreateBucketCommand({ Bucket: bucket }));
  return { store: new S3BlobStore(options), cleanup: async () => undefined };
}, { move: true });

describe('remote blob stores by URI', () => {
  it('opens azure:// with the key from the environment', async () => {
    const container = fresh();
    await azureContainerClient({ accountUrl: azurite.endpoint, container, accountKey: AZURITE_KEY }).create();
    const store = openBlobStore(`azure://${container}/ws?account_url=${encodeURIComponent(azurite.endpoint)}`, { AZURE_STORAGE_KEY: AZURITE_KEY });
    await store.put('k', Buffer.from('v'));
    expect(await store.head('k')).toEqual({ key: 'k', size: 1 });
  });

  it('opens s3:// with keys from the environment', async () => {
    const bucket = fresh();
    await s3Client({ endpoint: s3.endpoint, bucket, accessKeyId: S3_KEY_ID, secretAccessKey: S3_SECRET }).send(new CreateBucketCommand({ Bucket: bucket }));
    const store = openBlobStore(`s3://${bucket}/a/b?endpoint=${encodeURIComponent(s3.endpoint)}`, { AWS_ACCESS_KEY_ID: S3_KEY_ID, AWS_SECRET_ACCESS_KEY: S3_SECRET });
    await store.put('k', Buffer.from('vv'));
    expect(await store.head('k')).toEqual({ key: 'k', size: 2 });
  });

  it('refuses a credential in the URI', () => {
    expect(() => openBlobStore('azure://c?account_url=http://x&sig=abc', {})).toThrow('carries a credential (sig)');
    expect(() => openBlobStore('s3://user:pw@bucket', {})).toThrow('carries a credential');
  });

  it('names the endpoint and the call when storage is unreachable, and refused credentials', async () => {
    const down = new S3BlobStore({ endpoint: 'http://127.0.0.1:1', bucket: 'b', accessKeyId: 'x', secretAccessKey: 'y' });
    await expect(down.head('k')).rejects.toMatchObject({ code: 'STORAGE_UNREACHABLE', message: expect.stringContaining('S3 HeadObject on http://127.0.0.1:1/b') });
    const wrong = new AzureBlobStore({ accountUrl: azurite.endpoint, container: 'nope', accountKey: Buffer.from('wrong key').toString('base64') });
    await expect(wrong.put('k', Buffer.from('v'))).rejects.toMatchObject({ code: 'STORAGE_ACCESS_DENIED', message: expect.stringContaining(azurite.endpoint) });
  });
});

/**
 * Data transfer: 1 GB in 1,000 files uploaded to and downloaded from each datastore backend through
 * Cairn's blob stores (Azure Blob on Azurite, S3 on s3rver, a local directory), beside a plain copy of
 * the same files on the same disk — the limit. Protocol servers run on this machine, as in the tests.
 * `BENCH_DATA_MB` shrinks the total for a quick look.
 */
import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { CreateBucketCommand } from '@aws-sdk/client-s3';
import { AzureBlobStore, azureContainerClient } from '../../packages/server/src/blobs/azure-blob-store.js';
import type { BlobStore } from '../../packages/server/src/blobs/blob-store.js';
import { LocalBlobStore } from '../../packages/server/src/blobs/local-blob-store.js';
import { S3BlobStore, s3Client } from '../../packages/server/src/blobs/s3-blob-store.js';
import { AZURITE_KEY, S3_KEY_ID, S3_SECRET, startAzurite, startS3rver } from '../../packages/server/src/blobs/test-support/protocol-servers.js';
import type { BenchRow, Suite } from '../harness.js';

const FILES = 1000;
const TOTAL_MB = Number(process.env.BENCH_DATA_MB ?? 1024);
// Transfers in flight at once, as the CLI's upload would run them.
const PARALLEL = 8;

const names = Array.from({ length: FILES }, (_, i) => `d${String(i % 10)}/f${String(i).padStart(4, '0')}.bin`);

async function each(work: (name: string) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: PARALLEL }, async () => {
    while (next < names.length) await work(names[next++] as string);
  }));
}

async function timed(run: () => Promise<void>): Promise<number> {
  const start = process.hrtime.bigint();
  await run();
  return Number(process.hrtime.bigint() - start) / 1e9;
}

async function transfer(store: BlobStore, src: string, dest: string): Promise<{ up: number; down: number }> {
  const up = await timed(() => each(async (n) => { await store.put(n, createReadStream(join(src, n))); }));
  const down = await timed(() => each(async (n) => {
    await mkdir(dirname(join(dest, n)), { recursive: true });
    await pipeline(await store.get(n), createWriteStream(join(dest, n)));
  }));
  return { up, down };
}

function rows(backend: string, seconds: { up: number; down: number }, copySeconds: number): BenchRow[] {
  const rate = (s: number) => ({ value: TOTAL_MB / s, unit: 'MB/s' });
  const baseline = { ...rate(copySeconds), name: 'plain copy, same disk' };
  const notes = `${FILES} files, ${TOTAL_MB} MB, ${PARALLEL} in flight`;
  return [
    { name: `${backend}: upload`, measured: rate(seconds.up), baseline, notes },
    { name: `${backend}: download`, measured: rate(seconds.down), baseline, notes },
  ];
}

export const dataSuite: Suite = {
  name: 'data',
  description: `upload and download of ${TOTAL_MB} MB in ${FILES} files: Azurite, s3rver, local directory, beside a plain copy`,
  async run(log) {
    const work = await mkdtemp(join(tmpdir(), 'cairn-bench-data-'));
    const src = join(work, 'src');
    const size = Math.floor((TOTAL_MB * 1024 * 1024) / FILES);
    for (const n of names) {
      await mkdir(dirname(join(src, n)), { recursive: true });
      await writeFile(join(src, n), randomBytes(size));
    }
    log(`wrote ${FILES} files of ${size} bytes`);
    const copySeconds = await timed(() => cp(src, join(work, 'copy'), { recursive: true }));
    const [azurite, s3] = await Promise.all([startAzurite(), startS3rver(['bench'])]);
    try {
      const local = await transfer(new LocalBlobStore(join(work, 'local-store')), src, join(work, 'local-down'));
      log('local done');
      const azureOptions = { accountUrl: azurite.endpoint, container: 'bench', accountKey: AZURITE_KEY };
      await azureContainerClient(azureOptions).create();
      const azure = await transfer(new AzureBlobStore(azureOptions), src, join(work, 'azure-down'));
      log('azurite done');
      const s3Options = { endpoint: s3.endpoint, bucket: 'bench', accessKeyId: S3_KEY_ID, secretAccessKey: S3_SECRET };
      await s3Client(s3Options).send(new CreateBucketCommand({ Bucket: 'bench' })).catch(() => undefined);
      const s3Times = await transfer(new S3BlobStore(s3Options), src, join(work, 's3-down'));
      log('s3rver done');
      return [...rows('local directory', local, copySeconds), ...rows('Azure Blob (Azurite)', azure, copySeconds), ...rows('S3 (s3rver)', s3Times, copySeconds)];
    } finally {
      await Promise.all([azurite.close(), s3.close()]);
      await rm(work, { recursive: true, force: true });
    }
  },
};

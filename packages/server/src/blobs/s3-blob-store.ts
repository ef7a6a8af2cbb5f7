/** Blobs in an S3 bucket (AWS or any S3-compatible server), under an optional key prefix. */
import { Readable } from 'node:stream';
import {
  AbortMultipartUploadCommand, CompleteMultipartUploadCommand, CopyObjectCommand, CreateMultipartUploadCommand, DeleteObjectCommand,
  GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client, UploadPartCommand,
} from '@aws-sdk/client-s3';
import { BlobNotFoundError, checkBlobKey, type BlobInfo, type BlobMover, type BlobStore, type BlobVersionLister, type ByteRange, type VersionedBlobInfo } from './blob-store.js';
import { storageError } from './storage-error.js';

/** How to reach a bucket; without keys the AWS default chain (AWS_* variables, profiles) applies. */
export interface S3BlobOptions {
  bucket: string;
  prefix?: string;
  endpoint?: string;
  region?: string;
  accessKeyId?: string;
  secretAccessKey?: string;
}

// Parts of a streamed upload; S3 makes the object visible only when the multipart upload completes.
const PART_SIZE = 8 * 1024 * 1024;

const isNotFound = (error: unknown) => {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e.name === 'NoSuchKey' || e.name === 'NotFound' || e.$metadata?.httpStatusCode === 404;
};

/** Builds an S3 client; path-style addressing so self-hosted servers work without DNS tricks. */
export function s3Client(options: S3BlobOptions): S3Client {
  const credentials = options.accessKeyId && options.secretAccessKey ? { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey } : undefined;
  return new S3Client({
    region: options.region ?? 'us-east-1',
    ...(options.endpoint ? { endpoint: options.endpoint, forcePathStyle: true } : {}),
    ...(credentials ? { credentials } : {}),
    // Many S3-compatible servers do not know the newer flexible checksums.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    maxAttempts: 2,
  });
}

export class S3BlobStore implements BlobStore, BlobMover, BlobVersionLister {
  private readonly client: S3Client;
  private readonly prefix: string;
  private readonly endpoint: string;

  constructor(private readonly options: S3BlobOptions) {
    this.client = s3Client(options);
    this.prefix = options.prefix ? `${options.prefix.replace(/^\/+|\/+$/g, '')}/` : '';
    this.endpoint = `${options.endpoint ?? 's3'}/${options.bucket}`;
  }

  private keyOf(key: string): string {
    checkBlobKey(key);
    return this.prefix + key;
  }

  /** Runs a storage call, turning transport failures into errors that name the endpoint and the call. */
  private call<T>(name: string, run: () => Promise<T>): Promise<T> {
    return run().catch((error: unknown) => {
      throw storageError(error, `S3 ${name}`, this.endpoint);
    });
  }

  async put(key: string, body: Readable | Uint8Array): Promise<BlobInfo> {
    const Key = this.keyOf(key);
    const Bucket = this.options.bucket;
    if (body instanceof Uint8Array) {
      await this.call('PutObject', () => this.client.send(new PutObjectCommand({ Bucket, Key, Body: body, ContentLength: body.byteLength })));
      return { key, size: body.byteLength };
    }
    const parts = partsOf(body);
    const first = (await parts.next()).value ?? Buffer.alloc(0);
    if (first.length < PART_SIZE) return this.put(key, first);
    return { key, size: await this.putMultipart(Key, first, parts) };
  }

  /** Streams parts of PART_SIZE; on any failure the upload is aborted so no part lingers. */
  private async putMultipart(Key: string, first: Buffer, rest: AsyncGenerator<Buffer>): Promise<number> {
    const Bucket = this.options.bucket;
    const { UploadId } = await this.call('CreateMultipartUpload', () => this.client.send(new CreateMultipartUploadCommand({ Bucket, Key })));
    const parts: { ETag: string; PartNumber: number }[] = [];
    let size = 0;
    try {
      for (let chunk: Buffer | void = first; chunk && chunk.length > 0; chunk = (await rest.next()).value) {
        const PartNumber = parts.length + 1;
        const out = await this.call('UploadPart', () => this.client.send(new UploadPartCommand({ Bucket, Key, UploadId, PartNumber, Body: chunk, ContentLength: chunk.length })));
        parts.push({ ETag: out.ETag ?? '', PartNumber });
        size += chunk.length;
      }
      await this.call('CompleteMultipartUpload', () => this.client.send(new CompleteMultipartUploadCommand({ Bucket, Key, UploadId, MultipartUpload: { Parts: parts } })));
      return size;
    } catch (error) {
      await this.client.send(new AbortMultipartUploadCommand({ Bucket, Key, UploadId })).catch(() => undefined);
      throw error;
    }
  }

  async get(key: string, range?: ByteRange): Promise<Readable> {
    const command = new GetObjectCommand({ Bucket: this.options.bucket, Key: this.keyOf(key), ...(range ? { Range: `bytes=${range.start}-${range.end}` } : {}) });
    try {
      const out = await this.client.send(command);
      return out.Body as Readable;
    } catch (error) {
      if (isNotFound(error)) throw new BlobNotFoundError(key);
      throw storageError(error, 'S3 GetObject', this.endpoint);
    }
  }

  async head(key: string): Promise<BlobInfo | null> {
    try {
      const out = await this.client.send(new HeadObjectCommand({ Bucket: this.options.bucket, Key: this.keyOf(key) }));
      return { key, size: out.ContentLength ?? 0 };
    } catch (error) {
      if (isNotFound(error)) return null;
      throw storageError(error, 'S3 HeadObject', this.endpoint);
    }
  }

  async *list(prefix: string): AsyncIterable<BlobInfo> {
    for await (const { key, size } of this.listVersions(prefix)) yield { key, size };
  }

  async *listVersions(prefix: string): AsyncIterable<VersionedBlobInfo> {
    let ContinuationToken: string | undefined;
    do {
      const command = new ListObjectsV2Command({ Bucket: this.options.bucket, Prefix: this.prefix + prefix, ContinuationToken });
      const out = await this.call('ListObjectsV2', () => this.client.send(command));
      // S3 lists in byte order already; some compatible servers (s3rver) list a page in directory order.
      const page = (out.Contents ?? []).map((item) => ({ key: (item.Key ?? '').slice(this.prefix.length), size: item.Size ?? 0, etag: item.ETag ?? '' }));
      yield* page.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
      ContinuationToken = out.IsTruncated ? out.NextContinuationToken : undefined;
    } while (ContinuationToken);
  }

  async delete(key: string): Promise<void> {
    const command = new DeleteObjectCommand({ Bucket: this.options.bucket, Key: this.keyOf(key) });
    await this.call('DeleteObject', () => this.client.send(command));
  }

  async move(from: string, to: string): Promise<void> {
    const Bucket = this.options.bucket;
    const CopySource = encodeURI(`${Bucket}/${this.keyOf(from)}`);
    try {
      await this.client.send(new CopyObjectCommand({ Bucket, Key: this.keyOf(to), CopySource }));
    } catch (error) {
      if (isNotFound(error)) throw new BlobNotFoundError(from);
      throw storageError(error, 'S3 CopyObject', this.endpoint);
    }
    await this.delete(from);
  }
}

/** Re-chunks a stream into parts of exactly PART_SIZE bytes (the last one shorter, maybe empty). */
async function* partsOf(body: Readable): AsyncGenerator<Buffer> {
  let pending: Buffer[] = [];
  let size = 0;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    pending.push(chunk);
    size += chunk.length;
    while (size >= PART_SIZE) {
      const all = Buffer.concat(pending);
      yield all.subarray(0, PART_SIZE);
      pending = [all.subarray(PART_SIZE)];
      size = all.length - PART_SIZE;
    }
  }
  yield Buffer.concat(pending);
}

/** Blobs in an Azure Blob Storage container (or Azurite), under an optional key prefix. */
import { Readable } from 'node:stream';
import { BlobServiceClient, RestError, StorageSharedKeyCredential, type ContainerClient } from '@azure/storage-blob';
import { BlobNotFoundError, checkBlobKey, type BlobInfo, type BlobMover, type BlobStore, type BlobVersionLister, type ByteRange, type VersionedBlobInfo } from './blob-store.js';
import { storageError } from './storage-error.js';

/** How to reach a container: the account URL, the container, and a key or SAS token (never logged). */
export interface AzureBlobOptions {
  accountUrl: string;
  container: string;
  /** Keys are stored under this prefix (no leading or trailing slash), so one container can hold several stores. */
  prefix?: string;
  accountKey?: string;
  sasToken?: string;
}

// Block size for streamed uploads: blocks are only committed at the end, which makes a put atomic.
const BLOCK_SIZE = 8 * 1024 * 1024;

const isNotFound = (error: unknown) => error instanceof RestError && error.statusCode === 404;

/** Builds the container client from an account URL and a key or SAS token. */
export function azureContainerClient(options: AzureBlobOptions): ContainerClient {
  const url = options.accountUrl.replace(/\/+$/, '');
  if (options.accountKey) {
    const account = accountName(url);
    return new BlobServiceClient(url, new StorageSharedKeyCredential(account, options.accountKey)).getContainerClient(options.container);
  }
  const sas = options.sasToken ? `?${options.sasToken.replace(/^\?/, '')}` : '';
  return new BlobServiceClient(`${url}${sas}`).getContainerClient(options.container);
}

/** The account name: the first host label on Azure, the first path segment on Azurite-style URLs. */
function accountName(url: string): string {
  const parsed = new URL(url);
  const fromPath = parsed.pathname.split('/').filter(Boolean)[0];
  return fromPath ?? parsed.hostname.split('.')[0] ?? '';
}

export class AzureBlobStore implements BlobStore, BlobMover, BlobVersionLister {
  private readonly container: ContainerClient;
  private readonly prefix: string;

  constructor(private readonly options: AzureBlobOptions) {
    this.container = azureContainerClient(options);
    this.prefix = options.prefix ? `${options.prefix.replace(/^\/+|\/+$/g, '')}/` : '';
  }

  private blob(key: string) {
    checkBlobKey(key);
    return this.container.getBlockBlobClient(this.prefix + key);
  }

  /** Runs a storage call, turning transport failures into errors that name the endpoint and the call. */
  private call<T>(name: string, run: () => Promise<T>): Promise<T> {
    return run().catch((error: unknown) => {
      throw storageError(error, `Azure Blob ${name}`, this.options.accountUrl);
    });
  }

  async put(key: string, body: Readable | Uint8Array): Promise<BlobInfo> {
    const client = this.blob(key);
    if (body instanceof Uint8Array) {
      await this.call('PutBlob', () => client.uploadData(body));
      return { key, size: body.byteLength };
    }
    let size = 0;
    body.on('data', (chunk: Buffer) => { size += chunk.length; });
    await this.call('PutBlockList', () => client.uploadStream(body, BLOCK_SIZE, 4));
    return { key, size };
  }

  async get(key: string, range?: ByteRange): Promise<Readable> {
    const client = this.blob(key);
    const offset = range?.start ?? 0;
    const count = range ? range.end - range.start + 1 : undefined;
    const response = await this.call('GetBlob', () => client.download(offset, count)).catch((error: unknown) => {
      throw isNotFound((error as { cause?: unknown }).cause ?? error) ? new BlobNotFoundError(key) : error;
    });
    return response.readableStreamBody as Readable;
  }

  async head(key: string): Promise<BlobInfo | null> {
    const client = this.blob(key);
    try {
      const props = await client.getProperties();
      return { key, size: props.contentLength ?? 0 };
    } catch (error) {
      if (isNotFound(error)) return null;
      throw storageError(error, 'Azure Blob GetBlobProperties', this.options.accountUrl);
    }
  }

  async *list(prefix: string): AsyncIterable<BlobInfo> {
    for await (const { key, size } of this.listVersions(prefix)) yield { key, size };
  }

  async *listVersions(prefix: string): AsyncIterable<VersionedBlobInfo> {
    const pages = this.container.listBlobsFlat({ prefix: this.prefix + prefix }).byPage({ maxPageSize: 1000 });
    while (true) {
      const page = await this.call('ListBlobs', () => pages.next());
      if (page.done) return;
      for (const item of page.value.segment.blobItems) {
        yield { key: item.name.slice(this.prefix.length), size: item.properties.contentLength ?? 0, etag: item.properties.etag };
      }
    }
  }

  async delete(key: string): Promise<void> {
    const client = this.blob(key);
    await this.call('DeleteBlob', () => client.deleteIfExists());
  }

  async move(from: string, to: string): Promise<void> {
    const source = this.blob(from);
    const target = this.blob(to);
    try {
      const poller = await target.beginCopyFromURL(source.url);
      await poller.pollUntilDone();
    } catch (error) {
      if (isNotFound(error)) throw new BlobNotFoundError(from);
      throw storageError(error, 'Azure Blob CopyBlob', this.options.accountUrl);
    }
    await this.delete(from);
  }
}

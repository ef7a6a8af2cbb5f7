/** Datastores of a workspace: register, list, show, set the default, delete, and move files in and out. */
import type { Readable } from 'node:stream';
import { api, type Datastore, type DatastoreFile, type RegisterDatastore } from '@cairn/api';
import type { DownloadStream, Transport } from './transport.js';
import type { UploadOptions } from './upload.js';

/** Datastore methods of a workspace. */
export class DatastoresApi {
  constructor(
    private readonly transport: Transport,
    private readonly workspace: string,
  ) {}

  #ws = () => ({ workspace: this.workspace });

  /** Registers a datastore; credentials are vault secret names. */
  register(body: RegisterDatastore): Promise<Datastore> {
    return this.transport.call(api.datastores.register, { params: this.#ws(), body });
  }

  /** Every datastore of the workspace. */
  async list(): Promise<Datastore[]> {
    return (await this.transport.call(api.datastores.list, { params: this.#ws() })).items;
  }

  /** One datastore, without credentials. */
  get(name: string): Promise<Datastore> {
    return this.transport.call(api.datastores.get, { params: { ...this.#ws(), name } });
  }

  /** Makes a datastore the workspace's default. */
  setDefault(name: string): Promise<Datastore> {
    return this.transport.call(api.datastores.setDefault, { params: { ...this.#ws(), name } });
  }

  /** Unregisters a datastore (refused while in use). */
  delete(name: string): Promise<void> {
    return this.transport.call(api.datastores.delete, { params: { ...this.#ws(), name } });
  }

  /** Files under a prefix of a datastore. */
  async files(name: string, prefix?: string): Promise<DatastoreFile[]> {
    return (await this.transport.call(api.datastores.files, { params: { ...this.#ws(), name }, query: { prefix } })).items;
  }

  /** Uploads one file; with `sha256` the server refuses bytes that do not hash to it. */
  upload(name: string, path: string, body: Readable | Buffer, options: UploadOptions & { sha256?: string } = {}): Promise<DatastoreFile> {
    const { sha256, ...upload } = options;
    return this.transport.upload(api.datastores.upload, { params: { ...this.#ws(), name, path }, query: { sha256 } }, body, upload);
  }

  /** Downloads one file as a stream. */
  download(name: string, path: string): Promise<DownloadStream> {
    return this.transport.download(api.datastores.download, { params: { ...this.#ws(), name, path } });
  }
}

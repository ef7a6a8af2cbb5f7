/** Secrets of one workspace: values go in and never come back out. */
import { api, type SecretInfo } from '@cairn/api';
import type { Transport } from './transport.js';

/** Secret methods of a workspace; values go in and never come back out. */
export class SecretsApi {
  constructor(
    private readonly transport: Transport,
    private readonly workspace: string,
  ) {}

  /** Secret names and times, never values. */
  async list(): Promise<SecretInfo[]> {
    return (await this.transport.call(api.secrets.list, { params: { workspace: this.workspace } })).items;
  }

  /** Creates or replaces a secret. */
  set(name: string, value: string): Promise<SecretInfo> {
    return this.transport.call(api.secrets.set, { params: { workspace: this.workspace, name }, body: { value } });
  }

  /** Deletes a secret. */
  delete(name: string): Promise<void> {
    return this.transport.call(api.secrets.delete, { params: { workspace: this.workspace, name } });
  }
}

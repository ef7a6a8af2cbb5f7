/** Tokens: creating them for users, listing and revoking them. */
import { api, type TokenInfo } from '@cairn/api';
import type { Transport } from './transport.js';
import type { BodyOf, OutputOf } from './types.js';

/** Token methods: creating tokens for users, listing and revoking them. */
export class TokensApi {
  constructor(private readonly transport: Transport) {}

  /** Every token, without its secret part. */
  async list(): Promise<TokenInfo[]> {
    return (await this.transport.call(api.tokens.list)).items;
  }

  /** Creates a token; the answer's `token` is the only time the secret is shown. */
  create(body: BodyOf<typeof api.tokens.create>): Promise<OutputOf<typeof api.tokens.create>> {
    return this.transport.call(api.tokens.create, { body });
  }

  /** Revokes a token by id. */
  revoke(id: string): Promise<void> {
    return this.transport.call(api.tokens.revoke, { params: { id } });
  }
}

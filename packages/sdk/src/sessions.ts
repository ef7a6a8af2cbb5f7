/** Studio sessions: signing a browser in with a cookie, and one-time sign-in links (`cairn studio`). */
import { api } from '@cairn/api';
import type { Transport } from './transport.js';
import type { OutputOf } from './types.js';

/** Session methods. A script has no use for the cookie; the link is what `cairn studio` prints. */
export class SessionsApi {
  constructor(private readonly transport: Transport) {}

  /** Opens a studio session for this client's token (the answer sets an HttpOnly cookie). */
  create(): Promise<OutputOf<typeof api.sessions.create>> {
    return this.transport.call(api.sessions.create);
  }

  /** Ends the current studio session. */
  delete(): Promise<void> {
    return this.transport.call(api.sessions.delete);
  }

  /** A single-use sign-in link for this client's token, valid 2 minutes; open `url + path` in a browser. */
  createLink(): Promise<OutputOf<typeof api.sessions.createLink>> {
    return this.transport.call(api.sessions.createLink);
  }
}

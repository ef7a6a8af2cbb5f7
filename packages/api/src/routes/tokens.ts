import { z } from 'zod';
import { Time } from '../common.js';
import { nameSchema } from '../names.js';
import { defineRoute } from '../route.js';
import { roles } from '../roles.js';

export const RoleSchema = z.enum(roles);

export const TokenInfo = z.object({
  id: z.string(),
  name: z.string(),
  user: z.string(),
  /** The roles of the token's user; a null workspace means every workspace. */
  roles: z.array(z.object({ workspace: z.string().nullable(), role: RoleSchema })),
  createdAt: Time,
  expiresAt: Time.nullable(),
  lastUsedAt: Time.nullable(),
  revoked: z.boolean(),
});
export type TokenInfo = z.infer<typeof TokenInfo>;

export const Whoami = z.object({
  user: z.string(),
  tokenId: z.string(),
  roles: z.array(z.object({ workspace: z.string().nullable(), role: RoleSchema })),
});

export const tokenRoutes = {
  whoami: defineRoute({
    id: 'tokens.whoami', method: 'GET', path: '/whoami', summary: 'Who the token belongs to and its roles',
    action: 'authenticated', response: Whoami,
  }),
  list: defineRoute({
    id: 'tokens.list', method: 'GET', path: '/tokens', summary: 'List tokens (never their secret part)',
    action: 'tokens.manage', response: z.object({ items: z.array(TokenInfo) }),
  }),
  create: defineRoute({
    id: 'tokens.create', method: 'POST', path: '/tokens', summary: 'Create a token for a user with a role; the token is shown once',
    action: 'tokens.manage',
    body: z.object({
      user: z.string().regex(/^[a-zA-Z0-9][a-zA-Z0-9_.@-]{0,99}$/, 'must be 1-100 characters: letters, digits, "_", ".", "@" and "-"'),
      name: z.string().max(100).default(''),
      role: RoleSchema,
      workspace: nameSchema('workspace').nullable().default(null),
      expiresInDays: z.number().int().min(1).max(3650).optional(),
    }),
    response: TokenInfo.extend({ token: z.string() }), status: 201,
  }),
  revoke: defineRoute({
    id: 'tokens.revoke', method: 'DELETE', path: '/tokens/{id}', summary: 'Revoke a token',
    action: 'tokens.manage', params: z.object({ id: z.string().min(1).max(100) }),
  }),
};

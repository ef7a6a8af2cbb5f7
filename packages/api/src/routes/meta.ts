import { z } from 'zod';
import { defineRoute } from '../route.js';

export const metaRoutes = {
  openapi: defineRoute({
    id: 'meta.openapi', method: 'GET', path: '/openapi.json', summary: 'This API as an OpenAPI 3.1 document',
    action: 'authenticated', response: z.record(z.string(), z.unknown()),
  }),
};

/** The OpenAPI 3.1 document, generated from the route table. */
import { z } from 'zod';
import { errorCodes } from './errors.js';
import { pathParams, type RouteDef } from './route.js';

const schema = (s: z.ZodType, io: 'input' | 'output') => z.toJSONSchema(s, { io, unrepresentable: 'any', target: 'draft-2020-12' });

function parameters(route: RouteDef) {
  const params = pathParams(route.path).map((name) => ({ name, in: 'path', required: true, schema: { type: 'string' } }));
  if (!(route.query instanceof z.ZodObject)) return params;
  const shape = route.query.shape as Record<string, z.ZodType>;
  const query = Object.entries(shape).map(([name, s]) => ({
    name, in: 'query', required: !s.safeParse(undefined).success, schema: schema(s, 'input'),
  }));
  return [...params, ...query];
}

function responses(route: RouteDef) {
  const content =
    route.responseKind === 'json' ? { 'application/json': { schema: schema(route.response, 'output') } }
    : route.responseKind === 'ndjson' ? { 'application/x-ndjson': { schema: schema(route.response, 'output') } }
    : route.responseKind === 'bytes' ? { 'application/octet-stream': {} }
    : undefined;
  return {
    [String(route.status)]: { description: 'Success', ...(content ? { content } : {}) },
    default: { description: 'An error', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
  };
}

function requestBody(route: RouteDef) {
  if (route.bodyKind === 'stream') return { required: true, content: { 'application/octet-stream': {} } };
  if (route.body instanceof z.ZodVoid) return undefined;
  return { required: true, content: { 'application/json': { schema: schema(route.body, 'input') } } };
}

/** Builds the OpenAPI document for a list of routes served under `/api/v1`. */
export function buildOpenApi(routes: RouteDef[], version: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const path = `/api/v1${route.path.replace('+}', '}')}`;
    const body = requestBody(route);
    paths[path] ??= {};
    paths[path][route.method.toLowerCase()] = {
      operationId: route.id, summary: route.summary, 'x-cairn-action': route.action,
      parameters: parameters(route), ...(body ? { requestBody: body } : {}), responses: responses(route),
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Cairn workspace API', version },
    security: [{ bearer: [] }],
    paths,
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
      schemas: {
        Error: {
          type: 'object', required: ['error'],
          properties: { error: { type: 'object', required: ['code', 'message'], properties: {
            code: { type: 'string', enum: Object.keys(errorCodes) }, message: { type: 'string' }, details: {},
          } } },
        },
      },
    },
  };
}

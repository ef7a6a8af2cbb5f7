/**
 * The swagger document of an endpoint, in the shape v1's inference server serves at `/swagger.json`
 * (Swagger 2.0, `/score` taking the input schema as its body, key auth as a bearer header). As in v1
 * the schemas come from the entry script's inference-schema decorators, which the replica host
 * reports on one `cairn-schema {json}` stderr line; without them, from the sample input and the
 * output run() gave for it; a `swagger2.json` in the source directory's root overrides both. The
 * samples are public through it, as in v1.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

type Schema = Record<string, unknown>;

/** A JSON schema describing `value`, with it as the example. */
export function schemaOf(value: unknown, example = true): Schema {
  const base = ((): Schema => {
    if (Array.isArray(value)) return { type: 'array', items: value.length > 0 ? schemaOf(value[0], false) : {} };
    if (value === null) return { type: 'object', nullable: true };
    if (typeof value === 'object') {
      const properties = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, schemaOf(v, false)]));
      return { type: 'object', properties };
    }
    if (typeof value === 'number') return { type: Number.isInteger(value) ? 'integer' : 'number', format: Number.isInteger(value) ? 'int64' : 'double' };
    return { type: typeof value === 'boolean' ? 'boolean' : 'string' };
  })();
  return example ? { ...base, example: value } : base;
}

function parsed(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** The schemas the decorators declared, as the replica host reports them. */
export interface DecoratorSchemas {
  input: Schema | null;
  output: Schema | null;
}

const SCHEMA_MARKER = 'cairn-schema ';

/** The decorators' schemas when `line` is the host's report of them, else null (an ordinary log line). */
export function decoratorSchemas(line: string): DecoratorSchemas | null {
  if (!line.startsWith(SCHEMA_MARKER)) return null;
  try {
    const parsedLine = JSON.parse(line.slice(SCHEMA_MARKER.length)) as Partial<DecoratorSchemas>;
    return { input: parsedLine.input ?? null, output: parsedLine.output ?? null };
  } catch {
    return null;
  }
}

/** The user's own `swagger2.json` in the source directory's root, if there is one (v1 serves it as it is). */
export async function userSwagger(sourceDir: string): Promise<Schema | null> {
  const text = await readFile(join(sourceDir, 'swagger2.json'), 'utf8').catch(() => null);
  if (text === null) return null;
  try {
    return JSON.parse(text) as Schema;
  } catch {
    throw new Error('swagger2.json in the source directory is not valid JSON');
  }
}

/** The swagger document of endpoint `name` from its sample input and run()'s output for it. */
export function swaggerDocument(name: string, sampleInput: string, sampleOutput: string | null): Schema {
  return swaggerOf(name, schemaOf(parsed(sampleInput)), sampleOutput === null ? {} : schemaOf(parsed(sampleOutput)));
}

/** The swagger document of endpoint `name` from its decorators' schemas. */
export function decoratedSwagger(name: string, schemas: DecoratorSchemas): Schema {
  return swaggerOf(name, schemas.input ?? { type: 'object' }, schemas.output ?? {});
}

function swaggerOf(name: string, input: Schema, output: Schema): Schema {
  return {
    swagger: '2.0',
    info: { title: name, description: `API specification for the Cairn endpoint ${name}`, version: '1.0' },
    schemes: ['http', 'https'],
    consumes: ['application/json'],
    produces: ['application/json'],
    securityDefinitions: { Bearer: { type: 'apiKey', name: 'Authorization', in: 'header', description: 'For example: "Bearer abc123"' } },
    paths: {
      '/': { get: { operationId: 'ServiceHealthCheck', description: 'Simple health check endpoint to ensure the service is up at any given point.', responses: { 200: { description: 'If service is up and running, this response will be returned with the content \'Healthy\'', schema: { type: 'string' } } } } },
      '/score': {
        post: {
          operationId: 'RunMLService', description: 'Run web service\'s model and get the prediction output', security: [{ Bearer: [] }],
          parameters: [{ name: 'serviceInputPayload', in: 'body', description: 'The input payload for executing the real-time machine learning service.', schema: { $ref: '#/definitions/ServiceInput' } }],
          responses: { 200: { description: 'The service processed the input correctly and provided a result prediction, if applicable.', schema: { $ref: '#/definitions/ServiceOutput' } }, default: { description: 'The service failed to execute due to an error.', schema: { $ref: '#/definitions/ErrorResponse' } } },
        },
      },
    },
    definitions: { ServiceInput: input, ServiceOutput: output, ErrorResponse: { type: 'object', properties: { message: { type: 'string' } } } },
  };
}

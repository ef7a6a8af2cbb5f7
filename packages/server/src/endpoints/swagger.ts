/**
 * The swagger document of an endpoint from its sample input and the output run() gave for it, in the
 * shape v1's inference server serves at `/swagger.json` (Swagger 2.0, `/score` taking the sample's
 * shape, key auth as a bearer header). The sample is public through it, as in v1.
 */

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

/** The swagger document of endpoint `name`. */
export function swaggerDocument(name: string, sampleInput: string, sampleOutput: string | null): Schema {
  const output = sampleOutput === null ? {} : schemaOf(parsed(sampleOutput));
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
    definitions: { ServiceInput: schemaOf(parsed(sampleInput)), ServiceOutput: output, ErrorResponse: { type: 'object', properties: { message: { type: 'string' } } } },
  };
}

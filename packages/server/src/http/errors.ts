/** Maps every error to its HTTP status and the `{ error: { code, message, details } }` body, once. */
import type { FastifyError, FastifyInstance } from 'fastify';
import { CairnError } from '@cairn/api';

function fromFastify(error: FastifyError): CairnError | null {
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new CairnError('INVALID_JSON', `the request body is not valid JSON: ${error.message}`);
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new CairnError('PAYLOAD_TOO_LARGE', 'the request body is larger than the server accepts (see the bodyLimit setting)');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new CairnError('INVALID_INPUT', `unsupported Content-Type: ${error.message}`);
    default:
      if (error instanceof SyntaxError) return new CairnError('INVALID_JSON', `the request body is not valid JSON: ${error.message}`);
      return null;
  }
}

/** Installs the error and not-found handlers. */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const known = error instanceof CairnError ? error : fromFastify(error);
    if (known) return reply.code(known.status).send(known.toBody());
    request.log.error({ err: error }, 'unexpected error');
    return reply.code(500).send(new CairnError('INTERNAL', 'internal server error; the server log has the details').toBody());
  });
  app.setNotFoundHandler((request, reply) => {
    const error = new CairnError('ROUTE_NOT_FOUND', `no route ${request.method} ${request.url.split('?')[0]}; see /api/v1/openapi.json`);
    return reply.code(404).send(error.toBody());
  });
}

/** The swagger document's sources: the host's schema report, the user's swagger2.json, the sample. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decoratedSwagger, decoratorSchemas, swaggerDocument, userSwagger } from './swagger.js';

const dir = mkdtempSync(join(tmpdir(), 'cairn-swagger-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('swagger sources', () => {
  it('reads the replica host schema line, and leaves every other log line alone', () => {
    const input = { type: 'object', properties: { data: { type: 'array' } } };
    expect(decoratorSchemas(`cairn-schema ${JSON.stringify({ input, output: null })}`)).toEqual({ input, output: null });
    expect(decoratorSchemas('00000000-0000-0000-0000-000000000000 | init() done')).toBeNull();
    expect(decoratorSchemas('cairn-schema {not json')).toBeNull();
  });

  it('puts the decorators input schema in the /score body and the output in its 200 answer', () => {
    const doc = decoratedSwagger('e', { input: { type: 'object', example: { a: 1 } }, output: { type: 'integer' } }) as any;
    expect(doc.definitions.ServiceInput).toEqual({ type: 'object', example: { a: 1 } });
    expect(doc.definitions.ServiceOutput).toEqual({ type: 'integer' });
    expect(doc.paths['/score'].post.responses[200].schema).toEqual({ $ref: '#/definitions/ServiceOutput' });
    expect((swaggerDocument('e', '{"a": 1}', '2') as any).definitions.ServiceInput.properties.a.type).toBe('integer');
  });

  it("serves the user's swagger2.json as written, and says when it is not JSON", async () => {
    expect(await userSwagger(dir)).toBeNull();
    writeFileSync(join(dir, 'swagger2.json'), '{"swagger": "2.0", "x": 1}');
    expect(await userSwagger(dir)).toEqual({ swagger: '2.0', x: 1 });
    writeFileSync(join(dir, 'swagger2.json'), '{');
    await expect(userSwagger(dir)).rejects.toThrow(/not valid JSON/);
  });
});

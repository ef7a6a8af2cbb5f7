/**
 * The ceiling of the HTTP path: a Fastify server in its own process whose one route parses the JSON
 * body, as Cairn's routes do, then answers at once — no validation, no storage. Prints its URL.
 */
import Fastify from 'fastify';

const app = Fastify({ logger: false });
app.post('/sink', async (request) => {
  // Any batch shape: points one object each, or in columns per metric (JSON arrays or base64 float64s, 8 bytes a point).
  const { points = [], series = [] } = request.body as { points?: unknown[]; series?: { values: unknown[] | string }[] };
  const length = (values: unknown[] | string) => (typeof values === 'string' ? (Buffer.byteLength(values, 'base64') / 8) : values.length);
  return { accepted: series.reduce((n, s) => n + length(s.values), points.length), duplicate: false };
});
process.stdout.write(`${await app.listen({ host: '127.0.0.1', port: 0 })}/sink\n`);
process.on('SIGTERM', () => {
  void app.close().then(() => process.exit(0));
});

/**
 * The ceiling of the HTTP path: a Fastify server in its own process whose one route parses the JSON
 * body, as Cairn's routes do, then answers at once — no validation, no storage. Prints its URL.
 */
import Fastify from 'fastify';

const app = Fastify({ logger: false });
app.post('/sink', async (request) => {
  // Either batch shape: points one object each, or in columns per metric.
  const { points = [], series = [] } = request.body as { points?: unknown[]; series?: { values: unknown[] }[] };
  return { accepted: series.reduce((n, s) => n + s.values.length, points.length), duplicate: false };
});
process.stdout.write(`${await app.listen({ host: '127.0.0.1', port: 0 })}/sink\n`);
process.on('SIGTERM', () => {
  void app.close().then(() => process.exit(0));
});

// The load benchmark's baseline: bare Fastify answering GET /payload/<name> with a fixed JSON
// document (captured from the real server, so the response is the same size). No auth, no database.
import { readFileSync } from 'node:fs';
import Fastify from 'fastify';

const payloads = JSON.parse(readFileSync(process.env.BASELINE_PAYLOADS!, 'utf8')) as Record<string, unknown>;
const app = Fastify({ logger: false });
app.get('/healthz', async () => ({ ok: true }));
app.get<{ Params: { name: string } }>('/payload/:name', async (request, reply) => {
  const payload = payloads[request.params.name];
  if (payload === undefined) return reply.code(404).send({ error: 'unknown payload' });
  return payload;
});
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, () => void app.close().then(() => process.exit(0)));

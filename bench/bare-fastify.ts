// The PersonaAPI bench's reference: a bare fastify 5 server answering fixed JSON objects (serialised
// per request, as fastify does for any object) on the routes the parent sends over IPC.
import Fastify from 'fastify';

const app = Fastify({ logger: false });
let routes: Record<string, unknown> = {};
process.on('message', (m: { routes?: Record<string, unknown> }) => { if (m.routes) routes = m.routes; });
app.get('/*', async (req, reply) => {
  const body = routes[req.url];
  return body === undefined ? reply.code(404).send({ error: 'not found' }) : body;
});
await app.listen({ port: 0, host: '127.0.0.1' });
const address = app.server.address();
process.send?.({ type: 'ready', port: typeof address === 'object' && address ? address.port : 0 });
process.on('SIGTERM', () => { void app.close().then(() => process.exit(0)); });

// Fixture child: a well-behaved service. Serves HTTP on FIXTURE_PORT (default: the
// PERSONA_MCP_SERVER__<SERVICE>_PORT the host pins, else 0), reports ready with its port, records
// every host message, and exits 0 on `shutdown` or SIGTERM.
//   GET  /messages  → every message received from the host
//   GET  /env       → PERSONA_MCP_* variables, argv, pid, launch time, whether the database existed at start
//   POST /emit      → sends the JSON body as a child message `event` ({ event })
//   POST /request   → sends a host-request ({ action, params }) and answers with the host-response
import { existsSync } from 'node:fs';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

// ready-api.ts imports this file to play the api service.
const service = process.env.FIXTURE_SERVICE ?? (process.argv[1]?.endsWith('ready-api.ts') ? 'api' : 'mcp');
// Whether the host had created (migrated) the database before this child started.
const dbExisted = existsSync(join(process.env.PERSONA_MCP_DATA_DIR ?? '.', 'persona-mcp.sqlite'));
const portVar = `PERSONA_MCP_SERVER__${service.toUpperCase()}_PORT`;
const wanted = Number(process.env.FIXTURE_PORT ?? process.env[portVar] ?? 0);
const received: unknown[] = [];
const waiting = new Map<string, (m: unknown) => void>();
let seq = 0;

process.on('message', (m: { type?: string; id?: string }) => {
  received.push(m);
  if (m.type === 'host-response' && m.id) waiting.get(m.id)?.(m);
  if (m.type === 'shutdown') process.exit(0);
});
process.on('SIGTERM', () => process.exit(0));

const body = async (req: IncomingMessage): Promise<Record<string, unknown>> => {
  let text = '';
  for await (const chunk of req) text += String(chunk);
  return text ? (JSON.parse(text) as Record<string, unknown>) : {};
};

const server = createServer((req, res) => {
  const reply = (value: unknown) => res.end(JSON.stringify(value));
  if (req.url === '/messages') return reply(received);
  if (req.url === '/env') {
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => k.startsWith('PERSONA_MCP_') || k.startsWith('FIXTURE_')));
    return reply({ env, argv: process.argv.slice(2), db_existed: dbExisted, pid: process.pid, launched_at: performance.timeOrigin });
  }
  void body(req).then((json) => {
    if (req.url === '/emit') {
      process.send?.({ type: 'event', event: json });
      return reply({ sent: true });
    }
    if (req.url === '/raw') {
      process.send?.(json);
      return reply({ sent: true });
    }
    if (req.url === '/request') {
      seq += 1;
      const id = `req-${seq}`;
      waiting.set(id, (m) => reply(m));
      process.send?.({ type: 'host-request', id, action: json.action, params: json.params ?? {} });
      return;
    }
    res.statusCode = 404;
    reply({ error: 'not found' });
  });
});
server.listen(wanted, '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  process.stdout.write(`listening on ${port}\n`);
  process.send?.({ type: 'ready', service, port });
});

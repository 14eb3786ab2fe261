// A real run of the whole stack with an encrypted DM: the in-repo Matrix homeserver, `persona-mcp
// --server` as a separate process (offline LLM, temp data dir), Aria's bot configured and started
// through the PersonaAPI, and Bob as a matrix-js-sdk client with Rust crypto. Prints the reply, the
// bot's status from GET /api/bots/status, a restart on the same device, and a start that waits for
// the homeserver. Usage: source scripts/bootstrap-node.sh && node scripts/matrix-e2ee-run.ts
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startTestHomeserver } from '../tests/support/matrix-homeserver/index.ts';
import { startUserClient } from '../tests/support/matrix-user-client.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
// Bob's matrix-js-sdk (and its Rust crypto tracing) logs through console: keep this run's output readable.
for (const k of ['log', 'info', 'debug', 'warn', 'error', 'trace'] as const) console[k] = () => undefined;
const freePort = () => new Promise<number>((resolve) => {
  const s = createServer().listen(0, '127.0.0.1', () => {
    const { port } = s.address() as { port: number };
    s.close(() => resolve(port));
  });
});
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const t0 = Date.now();
const say = (line: string) => process.stdout.write(`[${((Date.now() - t0) / 1000).toFixed(1).padStart(5)} s] ${line}\n`);

const hs = await startTestHomeserver();
const aria = hs.registerUser('aria', { displayName: 'Aria' });
const bob = hs.registerUser('bob', { displayName: 'Bob' });
const dataDir = mkdtempSync(join(tmpdir(), 'persona-e2ee-run-'));
const [mcpPort, apiPort] = [await freePort(), await freePort()];
const api = `http://127.0.0.1:${apiPort}`;
say(`homeserver ${hs.url}; persona-mcp --server --data-dir ${dataDir} --mcp-port ${mcpPort} --api-port ${apiPort} --llm-provider offline`);
const server = spawn(process.execPath, [join(root, 'bin/persona-mcp.js'), '--server', '--data-dir', dataDir, '--mcp-port', String(mcpPort), '--api-port', String(apiPort), '--llm-provider', 'offline', '--log-level', 'warn'], { stdio: ['ignore', 'ignore', 'inherit'] });

async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${api}${path}`, { method, headers: body ? { 'content-type': 'application/json' } : {}, ...(body ? { body: JSON.stringify(body) } : {}) });
  const json = await res.json() as T;
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}
type Status = { persona_id: string; state: string; synced: boolean; last_error: string | null; restarts: number; pid: number | null };
const statusOf = async (id: string) => (await call<{ bots: Status[] }>('GET', '/api/bots/status')).bots.find((b) => b.persona_id === id) as Status;
async function until(what: string, check: () => Promise<boolean>, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check().catch(() => false))) {
    if (Date.now() > end) throw new Error(`timed out: ${what}`);
    await sleep(100);
  }
}

let user: Awaited<ReturnType<typeof startUserClient>> | null = null;
try {
  await until('PersonaAPI up', async () => (await fetch(`${api}/api/health`)).ok);
  const personas = await call<{ personas: { id: string; name: string }[] }>('GET', '/api/personas');
  const ariaId = personas.personas.find((p) => p.name === 'Aria')?.id as string;
  await call('PUT', `/api/bots/${ariaId}/config`, { homeserver_url: hs.url, user_id: aria.userId, access_token: aria.accessToken });
  await call('POST', `/api/bots/${ariaId}/start`);
  await until('bot synced', async () => (await statusOf(ariaId)).synced);
  say(`GET /api/bots/status → ${JSON.stringify(await statusOf(ariaId))}`);

  user = await startUserClient(hs, bob.userId);
  const dm = hs.createRoom(bob.userId, { invite: [aria.userId], isDirect: true, encrypted: true });
  await until('bot joined the DM', async () => hs.membership(dm, aria.userId) === 'join');
  const replies = () => (user?.seen ?? []).filter((m) => m.room_id === dm && m.sender === aria.userId);
  const ask = async (text: string) => {
    const before = replies().length;
    const sentAt = Date.now();
    await user?.send(dm, text);
    await user?.waitFor(() => replies().length > before, 30_000);
    const reply = replies()[before];
    say(`Bob (encrypted): "${text}"`);
    say(`Aria's reply, decrypted by Bob's client (encrypted: ${String(reply?.encrypted)}, ${Date.now() - sentAt} ms): "${reply?.body}"`);
  };
  await ask('Hello Aria! What do you like to sing about?');
  const types = [...new Set(hs.timeline(dm).filter((e) => e.type !== 'm.room.member').map((e) => e.type))];
  say(`event types the homeserver stored in the DM: ${types.join(', ')}; plaintext on the server: ${JSON.stringify(hs.timeline(dm)).includes('sing about')}`);
  say(`Aria's devices on the homeserver: ${hs.devices(aria.userId).join(', ')}`);

  await call('POST', `/api/bots/${ariaId}/restart`);
  await until('bot synced after restart', async () => (await statusOf(ariaId)).synced);
  say(`after POST /api/bots/${ariaId}/restart: ${JSON.stringify(await statusOf(ariaId))}`);
  await ask('Are you still there after your restart?');
  say(`Aria's devices on the homeserver: ${hs.devices(aria.userId).join(', ')}`);

  await call('POST', `/api/bots/${ariaId}/stop`);
  await hs.stop();
  say('homeserver stopped; starting the bot');
  await call('POST', `/api/bots/${ariaId}/start`);
  await until('bot waiting', async () => (await statusOf(ariaId)).state === 'waiting');
  say(`GET /api/bots/status → ${JSON.stringify(await statusOf(ariaId))}`);
  await sleep(2_000);
  await hs.start();
  const up = Date.now();
  say('homeserver started again');
  await until('bot running', async () => { const s = await statusOf(ariaId); return s.state === 'running' && s.synced; });
  say(`running and synced ${Date.now() - up} ms after the homeserver started: ${JSON.stringify(await statusOf(ariaId))}`);
} finally {
  user?.stop();
  server.kill('SIGINT');
  await new Promise((r) => server.once('exit', r));
  await hs.close();
  rmSync(dataDir, { recursive: true, force: true });
}

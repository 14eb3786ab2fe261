// Real services for the e2e specs: a temp data dir, the scripted LLM server (the only fake) — or no
// LLM server at all — and the api + mcp services started alone (api on port 0, mcp on a free port),
// or the headless host (`persona-mcp --server`) when a spec needs events to cross processes.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { closedPort, createScriptedLlmServer, type ScriptedLlmServer, type Script } from '../support/scripted-llm-server.ts';
import { makeTempDir } from '../support/temp-dir.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const API_ENTRY = `${ROOT}src/services/api/entry.ts`;
const MCP_ENTRY = `${ROOT}src/services/mcp/entry.ts`;
const CLI = `${ROOT}bin/persona-mcp.js`;

/** A started set of services and how to reach them. */
export interface Stack {
  apiUrl: string;
  mcpUrl: string;
  dataDir: string;
  llm: ScriptedLlmServer;
  /** Output of the children so far (for failure messages). */
  logs(): string;
  stop(): Promise<void>;
}

/** The default reply script: a reply streamed word by word with a small delay, so streaming is visible. */
export const streamingScript: Script = (req) => {
  const last = [...req.messages].reverse().find((m) => m.role === 'user')?.content ?? '';
  return { text: `Well met, traveller. You said: ${last.slice(0, 120)}. The rune primer waits in the east tower library.`, delayMs: 50 };
};

function llmEnv(llm: { url: string }, dataDir: string): Record<string, string> {
  return {
    PERSONA_MCP_LLM__PROVIDER: 'ollama', PERSONA_MCP_LLM__BASE_URL: llm.url, PERSONA_MCP_LLM__MODEL: 'llama3.1:8b',
    PERSONA_MCP_LOG_LEVEL: 'warn', PERSONA_MCP_LIMITS__LLM_CALLS_PER_MINUTE: '0', PERSONA_MCP_DATA_DIR: dataDir,
  };
}

/**
 * Starts a service entry on its own, as `persona-mcp serve api|mcp` runs it, and resolves once it serves.
 * No IPC channel on purpose: a service started with one believes a host is attached (host_attached:true,
 * bot.* waits 10 s for a host answer), which is not the standalone mode tested here. Without IPC there is
 * no ready message, so the api's port comes from its `listening on <url>` stderr line (it binds port 0) and
 * the mcp service gets a free port chosen here, polled until its `GET /` health answers.
 */
function startService(name: 'api' | 'mcp', args: string[], env: Record<string, string>, log: string[], mcpPort?: number): Promise<{ child: ChildProcess; port: number }> {
  return new Promise((resolve, reject) => {
    const entry = name === 'api' ? API_ENTRY : MCP_ENTRY;
    const child = spawn(process.execPath, [entry, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let done = false;
    const finish = (err: Error | null, port = 0) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      if (err) {
        child.kill('SIGKILL');
        reject(err);
      } else resolve({ child, port });
    };
    const keep = (d: Buffer) => { log.push(`[${name}] ${String(d)}`); if (log.length > 2000) log.splice(0, 1000); };
    const timer = setTimeout(() => finish(new Error(`${name} service not ready within 30 s\n${log.join('')}`)), 30_000);
    child.stdout.on('data', keep);
    child.stderr.on('data', (d: Buffer) => {
      keep(d);
      const m = /listening on (http:\/\/\S+)/.exec(String(d));
      if (name === 'api' && m?.[1]) finish(null, Number(new URL(m[1]).port));
    });
    child.once('exit', (code) => finish(new Error(`${name} service exited with ${code} before it was ready\n${log.join('')}`)));
    if (name === 'mcp' && mcpPort) {
      const poll = async () => {
        while (!done) {
          const token = env.PERSONA_MCP_AUTH__TOKEN;
          const ok = await fetch(`http://127.0.0.1:${mcpPort}/`, { headers: token ? { authorization: `Bearer ${token}` } : {} }).then((r) => r.ok, () => false);
          if (ok) return finish(null, mcpPort);
          await new Promise((r) => setTimeout(r, 100));
        }
      };
      void poll();
    }
  });
}

/** Stops a child: SIGTERM, then SIGKILL after 5 s. */
export async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}

/**
 * Stands in for the LLM of a stack started with `script: null`: its URL is a loopback port that was
 * free a moment ago and has nothing listening (connections are refused), and touching its request log
 * fails the test, since no LLM server exists to have seen requests.
 */
async function noLlmServer(): Promise<ScriptedLlmServer> {
  const url = `http://127.0.0.1:${await closedPort()}`;
  const absent = (): never => { throw new Error(`this stack runs without an LLM server (${url} refuses connections)`); };
  return {
    url, ollamaUrl: url, openaiUrl: `${url}/v1`,
    get requests() { return absent(); },
    get allRequests() { return absent(); },
    setScript: absent, failEndpoint: absent,
    close: async () => undefined,
  };
}

/**
 * Starts the scripted LLM (none when `script` is null), the api service and the mcp service on one temp
 * data dir (`extraEnv` for both services).
 */
export async function startServices(script: Script | null = streamingScript, extraEnv: Record<string, string> = {}): Promise<Stack> {
  const temp = makeTempDir('persona-e2e-');
  const llm = script ? await createScriptedLlmServer({ script }) : await noLlmServer();
  const log: string[] = [];
  const mcpPort = await freePort();
  // Both services know the mcp port, so the api's health reports the mcp service and its clients.
  const env = { ...llmEnv(llm, temp.dir), PERSONA_MCP_SERVER__MCP_PORT: String(mcpPort), ...extraEnv };
  const children: ChildProcess[] = [];
  try {
    // The api migrates and seeds first; the mcp service then opens the same SQLite file.
    const api = await startService('api', ['--data-dir', temp.dir, '--api-port', '0'], env, log);
    children.push(api.child);
    const mcp = await startService('mcp', ['--data-dir', temp.dir, '--mcp-port', String(mcpPort)], env, log, mcpPort);
    children.push(mcp.child);
    return {
      apiUrl: `http://127.0.0.1:${api.port}`, mcpUrl: `ws://127.0.0.1:${mcp.port}/mcp`, dataDir: temp.dir, llm,
      logs: () => log.join(''),
      async stop() {
        await Promise.all(children.map(stopChild));
        await llm.close();
        temp.cleanup();
      },
    };
  } catch (err) {
    await Promise.all(children.map(stopChild));
    await llm.close();
    temp.cleanup();
    throw err;
  }
}

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

/**
 * Starts the headless host (`persona-mcp --server`), which relays events between its children.
 * Resolves with `null` and the reason when this build has no host (it exits before serving).
 */
export async function startHost(script: Script = streamingScript): Promise<{ stack: Stack | null; reason: string }> {
  const temp = makeTempDir('persona-e2e-host-');
  const llm = await createScriptedLlmServer({ script });
  const [apiPort, mcpPort] = [await freePort(), await freePort()];
  const log: string[] = [];
  const child = spawn(process.execPath, [CLI, '--server', '--data-dir', temp.dir, '--api-port', String(apiPort), '--mcp-port', String(mcpPort)], {
    env: { ...process.env, ...llmEnv(llm, temp.dir) }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.on('data', (d: Buffer) => log.push(String(d)));
  child.stderr.on('data', (d: Buffer) => log.push(String(d)));
  const cleanup = async () => { await stopChild(child); await llm.close(); temp.cleanup(); };
  const apiUrl = `http://127.0.0.1:${apiPort}`;
  const deadline = Date.now() + 45_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      await cleanup();
      return { stack: null, reason: `persona-mcp --server exited with ${child.exitCode}: ${log.join('').trim().slice(0, 300)}` };
    }
    const health = await fetch(`${apiUrl}/api/health`).then((r) => (r.ok ? r.json() as Promise<{ host_attached?: boolean; services?: { mcp?: { status?: string } } }> : null), () => null);
    if (health?.host_attached && health.services?.mcp?.status === 'ok') {
      return { stack: { apiUrl, mcpUrl: `ws://127.0.0.1:${mcpPort}/mcp`, dataDir: temp.dir, llm, logs: () => log.join(''), stop: cleanup }, reason: '' };
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  await cleanup();
  return { stack: null, reason: `persona-mcp --server did not report host_attached with a healthy mcp service within 45 s:\n${log.join('').slice(-1500)}` };
}

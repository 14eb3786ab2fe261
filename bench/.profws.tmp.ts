import { fork } from 'node:child_process';
import WebSocket from 'ws';
const repo = process.argv[2]!; const profDir = process.argv[3]; const clients = Number(process.argv[4] ?? 100); const seconds = Number(process.argv[5] ?? 5);
const dir = (await import('node:fs')).mkdtempSync('/tmp/profws-');
const child = fork(`${repo}/src/services/mcp/entry.ts`, ['--data-dir', dir, '--mcp-port', '0', '--log-level', 'silent'], {
  execArgv: [...process.execArgv, ...(profDir ? ['--cpu-prof', `--cpu-prof-dir=${profDir}`] : [])], stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  env: { ...process.env, PERSONA_MCP_LLM__PROVIDER: 'offline', PERSONA_MCP_LIMITS__MESSAGES_PER_SECOND: '0' } });
const port: number = await new Promise((res) => child.on('message', (m: any) => { if (m.type === 'ready' && m.port) res(m.port); }));
async function load(secs: number) {
  const socks = await Promise.all(Array.from({ length: clients }, () => new Promise<WebSocket>((res, rej) => { const w = new WebSocket(`ws://127.0.0.1:${port}/mcp`); w.once('open', () => res(w)); w.once('error', rej); })));
  let n = 0; const end = performance.now() + secs * 1000;
  await Promise.all(socks.map((ws, c) => new Promise<void>((res) => { let id = 0; const send = () => { if (performance.now() >= end) return res(); id++; ws.send(JSON.stringify({ jsonrpc: '2.0', id: c * 1e7 + id, method: 'persona.get', params: { persona_id: 'Aria' } })); }; ws.on('message', () => { n++; send(); }); send(); })));
  for (const s of socks) s.terminate(); return n / secs;
}
await load(2);
console.log('rps', Math.round(await load(seconds)));
child.kill('SIGTERM'); await new Promise((r) => child.on('exit', r));

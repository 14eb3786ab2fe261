import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../support/temp-dir.ts';

// `persona-mcp mcp --stdio` is one process (no wrapper forking the service), and one local client
// on its pipe is not held to the per-connection message rate that network clients are.

const BIN = fileURLToPath(new URL('../../../bin/persona-mcp.js', import.meta.url));
const temp = makeTempDir('persona-mcp-stdio-proc-');
let child: ChildProcessWithoutNullStreams;
const replies = new Map<number, { result?: unknown; error?: { code: number; data?: { code?: string } } }>();
let waiters: (() => void)[] = [];

function send(message: unknown): void {
  child.stdin.write(`${JSON.stringify(message)}\n`);
}

async function until(done: () => boolean, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!done()) {
    if (Date.now() > end) throw new Error('timed out waiting for replies');
    await new Promise<void>((resolve) => { waiters.push(resolve); setTimeout(resolve, 200); });
  }
}

/** Pids whose parent is `pid` (Linux /proc). */
function childrenOf(pid: number): number[] {
  return readdirSync('/proc').filter((d) => /^\d+$/.test(d)).filter((d) => {
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid;
    } catch {
      return false;
    }
  }).map(Number);
}

beforeAll(async () => {
  // A low message rate that 120 back-to-back requests would exceed on any network transport.
  child = spawn(process.execPath, [BIN, 'mcp', '--stdio', '--data-dir', temp.dir, '--set', 'limits.messages_per_second=5', '--set', 'limits.burst=5'], {
    env: { ...process.env, PERSONA_MCP_LLM__PROVIDER: 'offline', PERSONA_MCP_LOG_LEVEL: 'warn' },
  });
  let buffer = '';
  child.stdout.on('data', (d: Buffer) => {
    buffer += String(d);
    let nl: number;
    while ((nl = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, nl);
      buffer = buffer.slice(nl + 1);
      const msg = JSON.parse(line) as { id?: number; result?: unknown; error?: { code: number } };
      if (typeof msg.id === 'number') replies.set(msg.id, msg);
    }
    const w = waiters;
    waiters = [];
    for (const resolve of w) resolve();
  });
  send({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'it', version: '1' } } });
  await until(() => replies.has(1));
  send({ jsonrpc: '2.0', method: 'notifications/initialized' });
});

afterAll(async () => {
  child.stdin.end();
  await new Promise((resolve) => child.once('exit', resolve));
  temp.cleanup();
});

describe('persona-mcp mcp --stdio', () => {
  it('serves from the process that was started: no child process beside it', () => {
    expect(replies.get(1)?.result).toMatchObject({ serverInfo: { name: 'persona-mcp' } });
    expect(childrenOf(child.pid as number)).toEqual([]);
  });

  it('answers a burst beyond limits.messages_per_second without RATE_LIMITED', async () => {
    for (let id = 100; id < 220; id += 1) send({ jsonrpc: '2.0', id, method: 'persona.list', params: {} });
    await until(() => [...replies.keys()].filter((k) => k >= 100).length === 120);
    const limited = [...replies.entries()].filter(([k, r]) => k >= 100 && r.error);
    expect(limited).toEqual([]);
    expect(replies.get(219)?.result).toMatchObject({ total_count: 2 });
  });
});

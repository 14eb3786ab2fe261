import WebSocket from 'ws';
import { AppConfigSchema, type AppConfigInput } from '../../../src/shared/index.ts';
import { createCore, type CoreContext } from '../../../src/core/index.ts';
import { createMcpService, type McpService, type McpServiceTimings } from '../../../src/services/mcp/index.ts';
import { makeTempDir } from '../../support/temp-dir.ts';

/** A real mcp service on port 0 with a temp data dir. */
export interface RunningMcp {
  core: CoreContext;
  service: McpService;
  port: number;
  dataDir: string;
  /** `http://127.0.0.1:{port}` (always loopback traffic, whatever the bind host). */
  base: string;
  ws: string;
  close(): Promise<void>;
}

/** Starts the service with config overrides (offline LLM, quiet logs). */
export async function startMcp(config: AppConfigInput = {}, timings: McpServiceTimings = {}): Promise<RunningMcp> {
  const temp = makeTempDir('persona-mcp-it-');
  const parsed = AppConfigSchema.parse({
    ...config, data_dir: temp.dir, log: { level: 'silent' },
    server: { mcp_port: 0, ...config.server }, llm: { provider: 'offline', ...config.llm },
  });
  const core = await createCore({ config: parsed, migrate: true });
  const service = createMcpService({ core, timings: { graceMs: 500, ...timings } });
  const { port } = await service.start();
  return {
    core, service, port, dataDir: temp.dir, base: `http://127.0.0.1:${port}`, ws: `ws://127.0.0.1:${port}/mcp`,
    async close() {
      await service.stop();
      await core.close();
      temp.cleanup();
    },
  };
}

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** A raw WebSocket client that records every frame it receives. */
export class RawClient {
  readonly messages: Json[] = [];
  private waiters: { match: (m: Json) => boolean; resolve: (m: Json) => void }[] = [];
  closeCode: number | null = null;
  readonly closed: Promise<number>;

  readonly socket: WebSocket;

  private constructor(socket: WebSocket) {
    this.socket = socket;
    socket.on('message', (data) => {
      const parsed = JSON.parse(String(data)) as Json;
      this.messages.push(parsed);
      this.waiters = this.waiters.filter((w) => (w.match(parsed) ? (w.resolve(parsed), false) : true));
    });
    this.closed = new Promise((resolve) => socket.on('close', (code) => { this.closeCode = code; resolve(code); }));
  }

  /** Connects (rejects on a refused upgrade with the HTTP status in the message). */
  static connect(url: string, options: WebSocket.ClientOptions & { protocols?: string[] } = {}): Promise<RawClient> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url, options.protocols ?? [], options);
      socket.once('open', () => resolve(new RawClient(socket)));
      socket.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
      socket.once('error', reject);
    });
  }

  /** Sends a raw frame (object → JSON text). */
  send(frame: unknown, binary = false): void {
    this.socket.send(typeof frame === 'string' || Buffer.isBuffer(frame) ? frame : JSON.stringify(frame), { binary });
  }

  /** The next received message matching, including ones already received and not yet consumed by `next`. */
  next(match: (m: Json) => boolean, timeoutMs = 3000): Promise<Json> {
    const seen = this.messages.find(match);
    if (seen) {
      this.messages.splice(this.messages.indexOf(seen), 1);
      return Promise.resolve(seen);
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('timed out waiting for a message')), timeoutMs);
      this.waiters.push({ match, resolve: (m) => {
        clearTimeout(timer);
        this.messages.splice(this.messages.indexOf(m), 1);
        resolve(m);
      } });
    });
  }

  /** Sends a request and waits for the response with its id. */
  async request(method: string, params?: Json, id: string | number = Math.floor(Math.random() * 1e9)): Promise<Json> {
    this.send({ jsonrpc: '2.0', id, method, ...(params ? { params } : {}) });
    return this.next((m) => m.id === id && ('result' in m || 'error' in m));
  }

  close(): Promise<number> {
    this.socket.close();
    return this.closed;
  }
}

/** Resolves after `ms`. */
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

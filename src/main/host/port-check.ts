// A port another process holds fails the start at once, in one line that names the port and the flag
// to change it, instead of each service crashing on EADDRINUSE through the whole restart policy.
import { createServer } from 'node:net';
import type { AppConfig } from '../../shared/index.ts';

/** A fixed port the host is about to hand a service, with the flag and config key that set it. */
export interface PortClaim {
  service: string;
  port: number;
  flag: string;
  key: string;
}

/** A port is taken (or cannot be bound) before any service started. */
export class PortUnavailableError extends Error {
  override readonly name = 'PortUnavailableError';
  readonly port: number;
  readonly code: string;
  constructor(claim: PortClaim, host: string, code: string) {
    const why = code === 'EADDRINUSE' ? 'is already in use (another persona-mcp server?)' : `cannot be bound (${code})`;
    super(`${claim.service} port ${claim.port} on ${host} ${why}; choose another with ${claim.flag} <port> (0 = any free port) or set ${claim.key}`);
    this.port = claim.port;
    this.code = code;
  }
}

/** The ports of the host's services (`mcp`, `api`) as the flags and config keys that set them. */
export function portClaims(config: AppConfig, services: readonly ('mcp' | 'api')[]): PortClaim[] {
  const all = {
    mcp: { service: 'MCP', port: config.server.mcp_port, flag: '--mcp-port', key: 'server.mcp_port' },
    api: { service: 'API', port: config.server.api_port, flag: '--api-port', key: 'server.api_port' },
  };
  return services.map((s) => all[s]);
}

function tryBind(host: string, port: number): Promise<string | null> {
  return new Promise((resolveBind) => {
    const server = createServer();
    server.once('error', (err: NodeJS.ErrnoException) => resolveBind(err.code ?? err.message));
    // exclusive: a port held by another process is refused even where listeners could be shared.
    server.listen({ host, port, exclusive: true }, () => server.close(() => resolveBind(null)));
  });
}

/** Rejects with PortUnavailableError for the first fixed (non-zero) port that cannot be bound on `host` now. */
export async function assertPortsFree(host: string, claims: readonly PortClaim[]): Promise<void> {
  for (const claim of claims) {
    if (claim.port === 0) continue;
    const code = await tryBind(host, claim.port);
    if (code) throw new PortUnavailableError(claim, host, code);
  }
}

// Settings the dashboard edits besides the operations: LLM view (PATCH is system.configure_llm),
// network (bind host, ports, token, origins; written to config.json, applied on restart) and health.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { AppConfigSchema, AppError, McpConfigQuerySchema } from '../../shared/index.ts';
import { dialHost, localMcpClientConfig } from '../../core/index.ts';
import { requireScope, type ApiContext } from './api-context.ts';
import { parseInput } from '../runtime/index.ts';

/** Body of `PATCH /api/settings/network`. */
export const NetworkPatchSchema = z.strictObject({
  host: z.string().min(1).max(253).optional(),
  allowed_origins: z.array(z.string().min(1).max(512)).max(64).optional(),
});

function readConfigFile(file: string): Record<string, unknown> {
  if (!existsSync(file)) return {};
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as unknown;
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
  } catch {
    throw new AppError('CONFLICT', `The config file ${file} is not valid JSON; fix it by hand first`, { details: { path: file } });
  }
}

/** The mcp service's health as /api/health reports it (probe of its `GET /`). */
async function probeMcp(api: ApiContext): Promise<{ status: 'ok' | 'down'; url: string; connections: number | null }> {
  const { host, mcp_port } = api.config.server;
  const url = `ws://${dialHost(host)}:${mcp_port}/mcp`;
  if (mcp_port === 0) return { status: 'down', url, connections: null };
  const token = api.core.tokens.installToken();
  try {
    const res = await fetch(`http://${dialHost(host)}:${mcp_port}/`, {
      signal: AbortSignal.timeout(api.timings.probeMs), headers: token ? { authorization: `Bearer ${token}` } : {},
    });
    if (!res.ok) return { status: 'down', url, connections: null };
    const body = (await res.json()) as { connections?: unknown };
    return { status: 'ok', url, connections: typeof body.connections === 'number' ? body.connections : null };
  } catch {
    return { status: 'down', url, connections: null };
  }
}

/** Registers `/api/settings/llm`, `/api/settings/network(/token)`, `/api/settings/mcp-config` and `/api/health`. */
export function registerSettingsRoutes(app: FastifyInstance, api: ApiContext): void {
  app.get('/api/settings/llm', async (req) => {
    requireScope(req, 'read');
    const h = await api.core.llm.health();
    return { llm: api.core.llm.view(), health: { ok: h.ok, latency_ms: h.latency_ms, error: h.error } };
  });

  app.get('/api/settings/network', async (req) => {
    requireScope(req, 'admin');
    const { host, mcp_port, allowed_origins } = api.config.server;
    return {
      host, mcp_port, api_port: api.apiPort(), exposed: !api.policy.loopback, token_required: api.policy.tokenRequired,
      token: api.core.tokens.installToken() ?? null, mcp_url: `ws://${dialHost(host)}:${mcp_port}/mcp`, allowed_origins,
    };
  });

  // The MCP client snippet `persona-mcp mcp-config` prints, for the dashboard's client picker.
  app.get('/api/settings/mcp-config', async (req) => {
    requireScope(req, 'admin');
    const query = parseInput(McpConfigQuerySchema, req.query ?? {}, 'Invalid query');
    const token = query.transport === 'http' ? api.core.tokens.installToken() ?? null : null;
    return localMcpClientConfig(api.config, query.client, query.transport, token);
  });

  app.post('/api/settings/network/token', async (req) => {
    requireScope(req, 'admin');
    return { token: await api.core.tokens.regenerateInstallToken() };
  });

  app.patch('/api/settings/network', { config: { body: 'object' } }, async (req) => {
    requireScope(req, 'admin');
    const patch = parseInput(NetworkPatchSchema, req.body ?? {}, 'Invalid network settings');
    const file = readConfigFile(api.configFile);
    const server = { ...((file.server as Record<string, unknown> | undefined) ?? {}), ...patch };
    const next = { ...file, server };
    const checked = parseInput(AppConfigSchema, next, 'The resulting configuration is invalid');
    writeFileSync(api.configFile, `${JSON.stringify(next, null, 2)}\n`, { mode: 0o600 });
    return {
      restart_required: true as const, config_file: api.configFile,
      host: checked.server.host, allowed_origins: checked.server.allowed_origins,
    };
  });

  app.get('/api/health', async (req) => {
    if (req.anonymous) return { status: 'ok' as const };
    requireScope(req, 'read');
    const [llm, mcp] = await Promise.all([api.core.llmStatus(), probeMcp(api)]);
    return {
      status: 'ok' as const, version: api.core.version,
      uptime_s: Math.max(0, Math.floor((api.core.now().getTime() - api.core.startedAt.getTime()) / 1000)),
      host_attached: api.link.attached,
      operator: operatorName(),
      llm: { provider: llm.provider, model: llm.model, ok: llm.ok, error: llm.error },
      services: { api: { status: 'ok' }, mcp },
    };
  });
}

/** The name of the account running the service (the operator on a desktop), or null when the OS will not say. */
function operatorName(): string | null {
  try {
    return userInfo().username || null;
  } catch {
    return null;
  }
}

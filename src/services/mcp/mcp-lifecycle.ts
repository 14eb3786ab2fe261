import { z } from 'zod';
import { AppError } from '../../shared/index.ts';
import { parseParams } from './rpc-errors.ts';

/** Protocol revisions served, newest first. */
export const SUPPORTED_PROTOCOL_VERSIONS = ['2025-11-25', '2025-06-18', '2025-03-26'] as const;
/** Revision assumed on Streamable HTTP when `MCP-Protocol-Version` is absent. */
export const DEFAULT_HTTP_PROTOCOL_VERSION = '2025-03-26';

/** MCP state of one connection. */
export interface McpLifecycle {
  /** `initialize` succeeded (a second one is refused). */
  initialized: boolean;
  /** `notifications/initialized` arrived: list-changed notifications may be sent. */
  ready: boolean;
  protocolVersion: string | null;
  clientInfo: Record<string, unknown> | null;
}

/** A fresh, uninitialised lifecycle. */
export function createLifecycle(): McpLifecycle {
  return { initialized: false, ready: false, protocolVersion: null, clientInfo: null };
}

/** What a client reads first: how the current persona works. */
export const INSTRUCTIONS = [
  'Persona-MCP serves AI personas with memory, relationships and emotions.',
  'Most tools take a persona_id (an id or a case-insensitive name). Call persona.list to see the personas,',
  'then either pass persona_id explicitly on every call or call persona.switch once to set this connection\'s',
  'current persona, which is used whenever persona_id is omitted. Talk to a persona with persona.chat.',
  'Only a small set of tools is listed at first: call toolsets.enable to load more (personas, memory,',
  'relationships, conversations, admin).',
].join(' ');

const CAPABILITIES = { tools: { listChanged: true }, resources: { listChanged: true }, prompts: { listChanged: true } };

const serverInfo = (version: string) => ({ name: 'persona-mcp', title: 'Persona-MCP', version });

/** The requested revision when supported, else the newest. */
export function negotiateVersion(requested: string): string {
  return (SUPPORTED_PROTOCOL_VERSIONS as readonly string[]).includes(requested) ? requested : SUPPORTED_PROTOCOL_VERSIONS[0];
}

const InitializeSchema = z.object({
  protocolVersion: z.string().min(1).max(64),
  capabilities: z.record(z.string(), z.unknown()).optional(),
  clientInfo: z.object({ name: z.string() }).loose().optional(),
}).loose();

/** `initialize`: negotiates and records the lifecycle; a second call → INVALID_REQUEST. */
export function initialize(lifecycle: McpLifecycle, params: Record<string, unknown>, version: string): Record<string, unknown> {
  if (lifecycle.initialized) throw new AppError('INVALID_REQUEST', 'Invalid request: this connection is already initialized');
  const input = parseParams(InitializeSchema, params);
  lifecycle.initialized = true;
  lifecycle.protocolVersion = negotiateVersion(input.protocolVersion);
  lifecycle.clientInfo = input.clientInfo ?? null;
  return { protocolVersion: lifecycle.protocolVersion, capabilities: CAPABILITIES, serverInfo: serverInfo(version), instructions: INSTRUCTIONS };
}

/** `server/discover` for 2026-era clients, so they can fall back to `initialize`. */
export function discover(version: string): Record<string, unknown> {
  return { supportedVersions: [...SUPPORTED_PROTOCOL_VERSIONS], capabilities: CAPABILITIES, serverInfo: serverInfo(version), instructions: INSTRUCTIONS };
}

// Parity (docs/architecture.md "One request, four entry points"): every operation of the table, called over
// REST (a listening PersonaAPI) and over JSON-RPC (a listening mcp service, raw WebSocket), gives the same
// result. Two data dirs start identical (seeded personas have fixed ids) and receive the same history on a
// shared clock, one through each interface, so results must match exactly after normalising what differs by
// nature (ids generated per world, wall-clock timings, connection-bound state).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppConfigSchema } from '../../../src/shared/index.ts';
import { OPERATION_TABLE, configureLogging, createCore, type CoreContext } from '../../../src/core/index.ts';
import { createMcpService, type McpService } from '../../../src/services/mcp/index.ts';
import { REST_EXCLUDED_OPERATIONS } from '../../../src/services/api/index.ts';
import { RawClient } from '../mcp/harness.ts';
import { createTestClock } from '../../support/core-harness.ts';
import { makeTempDir } from '../../support/temp-dir.ts';
import { startApi, type RunningApi } from './api-harness.ts';
import { fetchJson, readSse, restRequest } from './http-client.ts';

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any
type Vars = Record<string, Json>;
type Outcome = { ok: Json } | { error: string };

/** How an operation without a REST route is covered: the REST call that does the same, and the parts to compare. */
interface RestEquivalent {
  via: string;
  params: (p: Record<string, unknown>) => Record<string, unknown>;
  project: (rest: Json, mcp: Json) => [Json, Json];
}

interface Fixture {
  op: string;
  params: (v: Vars) => Record<string, unknown>;
  capture?: (result: Json, v: Vars) => void;
  /** Both interfaces must fail with this code. */
  error?: string;
  equivalent?: RestEquivalent;
}

const tester = { id: 'parity-tester', display_name: 'Tess', platform: 'test' };
const pick = (o: Json, keys: string[]) => Object.fromEntries(keys.map((k) => [k, o?.[k]]));
const CHAT_KEYS = ['response', 'persona_id', 'persona_name', 'participant', 'response_type', 'llm', 'finish_reason', 'memories_used', 'emotion', 'relationship', 'persona_state'];

const FIXTURES: Fixture[] = [
  { op: 'ping', params: () => ({}) },
  { op: 'system.status', params: () => ({}) },
  { op: 'system.models', params: () => ({}) },
  { op: 'system.configure_llm', params: () => ({ provider: 'offline', temperature: 0.5 }) },
  { op: 'persona.list', params: () => ({ limit: 10, available_only: false }) },
  { op: 'persona.get', params: () => ({ persona_id: 'Aria' }) },
  { op: 'persona.get', params: () => ({ persona_id: 'Nobody' }), error: 'PERSONA_NOT_FOUND' },
  { op: 'persona.create', params: () => ({ name: 'Brom', description: 'A gruff dwarven smith.', personality_traits: { stubborn: 80 }, charisma: 9, tags: ['smith', 'dwarf'] }), capture: (r, v) => { v.brom = r.persona_id; } },
  { op: 'persona.create', params: () => ({ name: 'brom' }), error: 'CONFLICT' },
  { op: 'persona.update', params: (v) => ({ persona_id: v.brom, description: 'A gruff but kind smith.', expected_version: 1 }) },
  { op: 'persona.switch', params: () => ({ persona_id: 'Kira' }) },
  { op: 'persona.status', params: () => ({ persona_id: 'Kira' }) },
  { op: 'persona.export', params: (v) => ({ persona_id: v.brom, spec: 'v3' }), capture: (r, v) => { v.card = r.card; } },
  { op: 'persona.import', params: (v) => ({ card: v.card, on_conflict: 'rename' }), capture: (r, v) => { v.imported = r.persona_id; } },
  { op: 'persona.chat', params: () => ({ persona_id: 'Aria', message: 'Hello, who are you?', participant: tester, channel: 'parity' }), capture: (r, v) => { v.session = r.session_id; } },
  { op: 'persona.chat_stream', params: () => ({ persona_id: 'Aria', message: 'Sing me something short.', participant: tester, channel: 'parity' }), equivalent: {
    via: 'persona.chat', params: (p) => ({ ...p, stream: true }), project: (rest, mcp) => [pick(rest, CHAT_KEYS), pick(mcp, CHAT_KEYS)],
  } },
  { op: 'conversation.send_message', params: () => ({ persona_id: 'Kira', content: 'Any news from the tower?', sender: '@bob:example.org', room_id: '!room:example.org' }), equivalent: {
    via: 'persona.chat',
    params: (p) => ({ persona_id: p.persona_id, message: p.content, participant: { id: p.sender, display_name: p.sender, platform: 'matrix' }, channel: `matrix:${String(p.room_id)}` }),
    project: (rest, mcp) => [pick(rest, CHAT_KEYS), pick(mcp, CHAT_KEYS)],
  } },
  { op: 'session.list', params: () => ({ persona_id: 'Aria', status: 'all' }) },
  { op: 'session.get', params: (v) => ({ session_id: v.session }) },
  { op: 'conversation.history', params: (v) => ({ session_id: v.session, limit: 10 }) },
  { op: 'conversation.start', params: () => ({ persona1_id: 'Aria', persona2_id: 'Kira', topic: 'magic', force: true }), capture: (r, v) => { v.conversation = r.conversation_id; } },
  { op: 'conversation.turn', params: (v) => ({ conversation_id: v.conversation }) },
  { op: 'conversation.status', params: (v) => ({ conversation_id: v.conversation }) },
  { op: 'conversation.list', params: () => ({ persona_id: 'Aria', status: 'all' }) },
  { op: 'conversation.end', params: (v) => ({ conversation_id: v.conversation, reason: 'parity test' }) },
  { op: 'conversation.status', params: () => ({ conversation_id: '00000000-0000-4000-8000-000000000000' }), error: 'CONVERSATION_NOT_FOUND' },
  { op: 'memory.store', params: () => ({ persona_id: 'Kira', content: 'The east tower library holds a rune primer.', memory_type: 'observation', visibility: 'public', importance: 0.7 }), capture: (r, v) => { v.memory = r.memory_id; } },
  { op: 'memory.get', params: (v) => ({ memory_id: v.memory }) },
  { op: 'memory.update', params: (v) => ({ memory_id: v.memory, importance: 0.8, pinned: true }) },
  { op: 'memory.search', params: () => ({ persona_id: 'Kira', query: 'rune primer library', n_results: 5 }) },
  { op: 'persona.memory', params: () => ({ persona_id: 'Kira', query: 'tower', limit: 3 }), equivalent: {
    via: 'memory.search', params: (p) => ({ persona_id: p.persona_id, query: p.query, n_results: p.limit }),
    project: (rest, mcp) => [rest.memories.map((m: Json) => [m.id, m.content, m.importance]), mcp.memories.map((m: Json) => [m.id, m.content, m.importance])],
  } },
  { op: 'memory.list', params: () => ({ persona_id: 'Kira', limit: 20, order_by: 'importance' }) },
  { op: 'memory.stats', params: () => ({ persona_id: 'Kira' }) },
  { op: 'memory.search_cross_persona', params: () => ({ persona_id: 'Aria', query: 'rune primer', n_results: 5 }) },
  { op: 'memory.shared_stats', params: () => ({}) },
  { op: 'memory.delete', params: (v) => ({ memory_id: v.memory }) },
  { op: 'memory.restore', params: (v) => ({ memory_id: v.memory }) },
  { op: 'memory.get', params: () => ({ memory_id: '00000000-0000-4000-8000-000000000000' }), error: 'MEMORY_NOT_FOUND' },
  { op: 'memory.prune', params: () => ({ persona_id: 'Kira', dry_run: true }) },
  { op: 'memory.prune_all', params: () => ({ force: false }) },
  { op: 'memory.prune_recommendations', params: () => ({ persona_id: 'Kira' }) },
  { op: 'memory.prune_stats', params: () => ({ limit: 5 }) },
  { op: 'memory.decay_start', params: () => ({ interval_hours: 24 }) },
  { op: 'memory.decay_stats', params: () => ({}) },
  { op: 'memory.decay_stop', params: () => ({}) },
  { op: 'memory.decay_force', params: () => ({ persona_id: 'Kira' }) },
  { op: 'memory.config_get', params: () => ({}) },
  { op: 'memory.config_set', params: () => ({ persona_id: 'Kira', config: { pruning: { max_memories: 30_000 } } }) },
  { op: 'relationship.update', params: () => ({ persona1_id: 'Aria', persona2_id: 'Kira', interaction_quality: 0.6, duration_minutes: 10 }) },
  { op: 'relationship.get', params: () => ({ persona1_id: 'Aria', persona2_id: 'Kira' }) },
  { op: 'persona.relationship', params: () => ({ persona_id: 'Aria', target_persona: 'Kira' }), equivalent: {
    via: 'relationship.get', params: (p) => ({ persona1_id: p.persona_id, persona2_id: p.target_persona }),
    project: (rest, mcp) => [pick(rest.relationship, Object.keys(mcp.relationship ?? {})), mcp.relationship],
  } },
  { op: 'relationship.list', params: () => ({ persona_id: 'Aria', limit: 10 }) },
  { op: 'relationship.compatibility', params: () => ({ persona1_id: 'Aria', persona2_id: 'Kira' }) },
  { op: 'relationship.stats', params: () => ({}) },
  { op: 'participant.list', params: () => ({ limit: 10 }) },
  { op: 'participant.get', params: () => ({ key: 'test:Parity-Tester' }) },
  { op: 'participant.get', params: () => ({ key: 'api:ghost' }), error: 'PARTICIPANT_NOT_FOUND' },
  { op: 'emotional.get_state', params: () => ({ persona_id: 'Aria' }) },
  { op: 'emotional.update_state', params: () => ({ persona_id: 'Aria', mood: 0.4, stress_level: 0.2 }) },
  { op: 'visual.get', params: () => ({ persona_id: 'Aria' }) },
  { op: 'visual.update', params: () => ({ persona_id: 'Aria', expression: 'happy', intensity: 0.7 }) },
  { op: 'state.save', params: (v) => ({ persona_id: v.brom }), capture: (r, v) => { v.bundle = r.bundle; } },
  { op: 'state.load', params: (v) => ({ bundle: v.bundle, mode: 'replace', target_persona_id: v.brom }) },
  { op: 'session.clear', params: (v) => ({ session_id: v.session }) },
  { op: 'persona.delete', params: (v) => ({ persona_id: v.imported }) },
  { op: 'participant.link', params: () => ({ primary: 'matrix:@bob:example.org', secondary: 'test:parity-tester' }) },
  { op: 'participant.link', params: () => ({ primary: 'matrix:@bob:example.org', secondary: 'test:parity-tester' }), error: 'CONFLICT' },
  { op: 'participant.forget', params: () => ({ key: 'test:parity-tester', confirm: true }) },
];

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
const SEED_IDS = new Set(['a1a1a1a1-0000-4000-8000-000000000001', 'b2b2b2b2-0000-4000-8000-000000000002']);
// Wall-clock measurements and connection-bound state differ by nature between the two services.
const VOLATILE = new Set(['processing_time', 'llm_time_ms', 'latency_ms', 'uptime_s', 'connections', 'current_persona', 'current_conversation', 'current_persona_id', 'current_conversation_id', 'duration_ms', 'bytes', 'last_connection_id',
  // The decay scheduler plans on the wall clock, not the core clock.
  'next_run_at']);

/** Replaces generated ids with placeholders numbered by first appearance, and volatile values with "<v>". */
function normalise(value: Json): Json {
  const ids = new Map<string, string>();
  const walk = (v: Json, key?: string): Json => {
    if (key !== undefined && (VOLATILE.has(key) || key.endsWith('_time_ms'))) return '<v>';
    if (typeof v === 'string') return v.replace(UUID, (id) => (SEED_IDS.has(id.toLowerCase()) ? id : (ids.get(id) ?? (ids.set(id, `<id${ids.size}>`), ids.get(id) as string))));
    if (Array.isArray(v)) return v.map((x) => walk(x));
    if (v && typeof v === 'object') return Object.fromEntries(Object.keys(v).sort().map((k) => [k, walk(v[k], k)]));
    return v;
  };
  return walk(value);
}

interface World {
  core: CoreContext;
  close(): Promise<void>;
}

let api: RunningApi;
let mcpWorld: World & { service: McpService; client: RawClient };
const restVars: Vars = {};
const mcpVars: Vars = {};
const clock = createTestClock('2026-11-25T12:00:00.000Z');
const config = { llm: { provider: 'offline' as const }, limits: { llm_calls_per_minute: 0 } };

async function restCall(name: string, params: Record<string, unknown>): Promise<Outcome> {
  const op = OPERATION_TABLE.get(name);
  if (!op) throw new Error(`unknown operation ${name}`);
  const { path, init } = restRequest(op, params);
  if (params.stream === true) {
    const res = await fetch(`${api.base}${path}`, init);
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const sse = readSse(res);
    await sse.done;
    const result = sse.events.find((e) => e.event === 'result');
    const deltas = sse.events.filter((e) => e.event === 'delta').map((e) => JSON.parse(e.data).delta).join('');
    expect(result, 'stream ends with a result event').toBeDefined();
    const parsed = JSON.parse((result as { data: string }).data);
    expect(deltas.trim()).toBe(parsed.response.trim());
    return { ok: parsed };
  }
  const answer = await fetchJson(`${api.base}${path}`, init);
  if (answer.status === 200) return { ok: answer.body };
  expect(answer.body.error.code, `${name} error body`).toBeTypeOf('string');
  return { error: answer.body.error.code };
}

async function mcpCall(name: string, params: Record<string, unknown>): Promise<Outcome> {
  const reply = await mcpWorld.client.request(name, params);
  return 'result' in reply ? { ok: reply.result } : { error: reply.error.data.code };
}

beforeAll(async () => {
  configureLogging({ level: 'silent' });
  api = await startApi({ config, clock });
  const temp = makeTempDir('persona-parity-mcp-');
  const parsed = AppConfigSchema.parse({ ...config, data_dir: temp.dir, log: { level: 'silent' }, server: { mcp_port: 0 } });
  const core = await createCore({ config: parsed, migrate: true, clock: () => clock.now() });
  const service = createMcpService({ core, timings: { graceMs: 200 } });
  const { port } = await service.start();
  const client = await RawClient.connect(`ws://127.0.0.1:${port}/mcp`);
  mcpWorld = {
    core, service, client,
    async close() {
      await client.close();
      await service.stop();
      await core.close();
      temp.cleanup();
    },
  };
});

afterAll(async () => {
  await mcpWorld?.close();
  await api?.close();
});

describe('REST ↔ MCP parity', () => {
  it('every operation has a fixture, and every operation without a route is a documented exclusion with a REST equivalent', () => {
    const covered = new Set(FIXTURES.map((f) => f.op));
    expect(OPERATION_TABLE.names().filter((n) => !covered.has(n)), 'operations without a parity fixture').toEqual([]);
    const routeless = OPERATION_TABLE.operations.filter((op) => !op.rest).map((op) => op.name).sort();
    expect(routeless, 'operations without a REST route must be listed in REST_EXCLUDED_OPERATIONS').toEqual(Object.keys(REST_EXCLUDED_OPERATIONS).sort());
    for (const name of routeless) {
      expect(FIXTURES.filter((f) => f.op === name).every((f) => f.equivalent !== undefined), `${name} needs a REST equivalent in its fixture`).toBe(true);
    }
  });

  it('every fixture gives the same result (or the same error code) over both interfaces', async () => {
    const mismatches: string[] = [];
    for (const [i, fixture] of FIXTURES.entries()) {
      clock.advance(60_000);
      const restParams = fixture.params(restVars);
      const mcpParams = fixture.params(mcpVars);
      const viaRest = fixture.equivalent
        ? await restCall(fixture.equivalent.via, fixture.equivalent.params(restParams))
        : await restCall(fixture.op, restParams);
      const viaMcp = await mcpCall(fixture.op, mcpParams);
      const label = `#${i} ${fixture.op}`;
      if (fixture.error) {
        expect(viaRest, `${label} over REST`).toEqual({ error: fixture.error });
        expect(viaMcp, `${label} over MCP`).toEqual({ error: fixture.error });
        continue;
      }
      expect('ok' in viaRest, `${label} over REST: ${JSON.stringify(viaRest)}`).toBe(true);
      expect('ok' in viaMcp, `${label} over MCP: ${JSON.stringify(viaMcp)}`).toBe(true);
      const restResult = (viaRest as { ok: Json }).ok;
      const mcpResult = (viaMcp as { ok: Json }).ok;
      fixture.capture?.(restResult, restVars);
      fixture.capture?.(mcpResult, mcpVars);
      const [a, b] = fixture.equivalent ? fixture.equivalent.project(restResult, mcpResult) : [restResult, mcpResult];
      if (JSON.stringify(normalise(a)) !== JSON.stringify(normalise(b))) mismatches.push(label);
      expect.soft(normalise(a), label).toEqual(normalise(b));
    }
    expect(mismatches).toEqual([]);
  });

  it('the two worlds end in the same state (same persona names and counts)', async () => {
    const rest = await restCall('persona.list', {});
    const mcp = await mcpCall('persona.list', {});
    expect(normalise(rest)).toEqual(normalise(mcp));
    expect((rest as { ok: Json }).ok.personas.map((p: Json) => p.name).sort()).toEqual(['Aria', 'Brom', 'Kira']);
  });
});

// Every leaf key of AppConfigSchema → how its effect is proven (tests/integration/core/config-keys.test.ts).
// `probe`: the observable result of real code reading the key from a parsed AppConfig exactly as the
// services pass it; the test runs it with the defaults and with `value` and requires a difference.
// `test`: an existing test (file + exact title) that sets the key to a non-default value and checks the
// outcome; the config test verifies the title exists and the file names the key.
// `pending`: no effect proven yet — listed so they stay visible; the test pins this list (it may only shrink).
import type { AppConfig } from '../../src/shared/index.ts';
import { decayedImportance, decayFactor } from '../../src/core/memory/decay.model.ts';
import { pruneCount, pruneScore, protection, selectForPruning, shouldPruneAfterDecay, shouldPruneAfterInsert } from '../../src/core/memory/prune.model.ts';
import { browse, retrieval, searchCandidates } from './recall-probes.ts';
import { conversationCooldown, endReason } from '../../src/core/conversation/continue-score.model.ts';
import { applyAppraisal } from '../../src/core/emotion/emotion.model.ts';
import { conversationInteraction } from '../../src/core/relationship/relationship.model.ts';
import { applyChatTurn, autopilotAdvances } from '../../src/core/state/interaction.model.ts';
import { createMemoryConfigStore } from '../../src/core/memory/memory-config.ts';
import { createDecayScheduler } from '../../src/core/memory/decay-scheduler.ts';
import { runRetention } from '../../src/core/memory/retention.service.ts';
import { runAutopilotTick } from '../../src/core/conversation/autopilot.service.ts';
import { createTestCore } from './core-harness.ts';
import { z } from 'zod';
import { OPERATION_TABLE, createOperationTable, defineOperation } from '../../src/core/index.ts';
import { buildRoleplayPrompt } from '../../src/core/chat/roleplay-prompt.ts';
import { prepareMind } from '../../src/core/chat/turn-mind.ts';
import { requirePersona } from '../../src/core/persona/persona.service.ts';
import { createMcpConnection } from '../../src/services/mcp/mcp-connection.ts';

/** How one key's effect is proven. */
export type KeyEffect =
  | { probe: (c: AppConfig) => unknown; value: unknown }
  | { test: { file: string; name: string } }
  | { pending: string };

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const NOW = new Date('2026-11-25T12:00:00.000Z');
const ago = (days: number) => new Date(NOW.getTime() - days * 86_400_000).toISOString();
const mem = (o: Partial<{ base_importance: number; accessed_count: number; created_at: string; last_accessed_at: string | null }> = {}) => ({
  base_importance: 0.5, pinned: false, created_at: ago(10), last_accessed_at: null, accessed_count: 0, ...o,
});
const decay = (o: Parameters<typeof mem>[0] = {}, mode?: AppConfig['memory']['decay']['mode']) => (c: AppConfig) =>
  decayedImportance(mem(o), NOW, mode ? { ...c.memory.decay, mode } : c.memory.decay);
const pm = (o: Partial<{ id: string; importance: number; accessed_count: number; created_at: string; restored_at: string | null }> = {}) => ({
  id: 'm', importance: 0.5, accessed_count: 2, created_at: ago(40), pinned: false, restored_at: null, ...o,
});
const end = (s: { score: number; tokens_remaining: number }) => (c: AppConfig) => endReason({ ...s, duration: 0, max_duration: 600 }, c.conversation);
const appraisal = { valence: 0.8, intensity: 0.5, significance: 0.5, topic_match: false } as never;
const emotion = { mood: 0, energy_level: 0.2, stress_level: 0.9, curiosity: 0.1 };
/** The delay (minutes) the decay scheduler schedules at its first start, or its restart (the interval). */
const schedulerDelay = (restart: boolean) => (c: AppConfig) => {
  const s = createDecayScheduler({ memory: createMemoryConfigStore(c.memory), runCycle: async () => undefined });
  s.start();
  if (restart) s.start();
  const minutes = Math.round((Date.parse(s.nextRunAt() as string) - Date.now()) / 60_000);
  s.stop();
  return minutes;
};
/** A real core with `c`'s values for one section, then `run` on it. */
const withCore = (pick: (c: AppConfig) => Json, run: (t: Awaited<ReturnType<typeof createTestCore>>) => Promise<unknown>) => async (c: AppConfig) => {
  const t = await createTestCore({ config: { llm: { provider: 'offline' }, ...pick(c) } });
  try {
    return await run(t);
  } finally {
    await t.close();
  }
};
const autopilotTick = (tick: number) => withCore((c) => ({ conversation: c.conversation }), async (t) => {
  const r = await runAutopilotTick(t.core, tick);
  const conv = r.started ? (await t.call<Json>('conversation.status', { conversation_id: r.started })) : null;
  return { started: r.started !== null, topic: conv?.topic ?? null };
});
// runAutopilotTick draws with autopilotAdvances(id, tick, core.config.conversation.autopilot) (autopilot.test.ts
// checks the tick follows the draw); fixed ids keep this probe deterministic.
const advanceDraw = (c: AppConfig) => [...Array(20).keys()].map((i) => autopilotAdvances(`0000000${i}-0000-4000-8000-000000000000`, 0, c.conversation.autopilot));
/** Kira's emotion as emotional.get_state reports it 15 minutes after it was set away from her baseline. */
const emotionAfter = withCore((c) => ({ emotion: c.emotion }), async (t) => {
  await t.call('emotional.update_state', { persona_id: 'Kira', ...emotion });
  t.clock.advance(900_000);
  const { mood, energy_level, stress_level, curiosity } = (await t.call<Json>('emotional.get_state', { persona_id: 'Kira' })).emotional_state;
  return { mood, energy_level, stress_level, curiosity };
});
const convStart = withCore((c) => ({ conversation: c.conversation }), async (t) => t.call<Json>('conversation.start', { persona1_id: 'Aria', persona2_id: 'Kira' }));

// --- log.level and llm.* (real LLM HTTP traffic against the scripted server) ---
import { configureLogging, getLogger, type LogLevel } from '../../src/core/logger/index.ts';
import { createScriptedLlmServer, echoScript, type ScriptedLlmServer } from './scripted-llm-server.ts';

/** Which levels a module logger writes after configureLogging with the config's level, as every service entry calls it. */
const logLevels = (c: AppConfig) => {
  configureLogging({ level: c.log.level });
  try {
    const log = getLogger('config-keys');
    return (['debug', 'info', 'warn'] as const).map((l) => log.isLevelEnabled(l));
  } finally {
    configureLogging({ level: (process.env.PERSONA_MCP_LOG_LEVEL ?? 'silent') as LogLevel });
  }
};
// One scripted LLM server for the table: started by the first probe that needs it, shared while probes
// follow one another, closed once none has used it for a moment. A message containing SLOW is answered
// after 1.2 s (llm.timeout_ms may not go below 1000 ms).
const SLOW = 'SLOW';
let llmServer: Promise<ScriptedLlmServer> | null = null;
let llmUsers = 0;
let llmCloser: ReturnType<typeof setTimeout> | undefined;
/** Runs `run` with the shared server; returns what it returns and the requests that arrived meanwhile. */
async function withLlm<R>(run: (s: ScriptedLlmServer) => Promise<R>): Promise<{ result: R; seen: ScriptedLlmServer['allRequests'] }> {
  clearTimeout(llmCloser);
  llmUsers += 1;
  llmServer ??= createScriptedLlmServer({
    script: (req) => (req.messages.some((m) => m.content.includes(SLOW)) ? { text: 'late reply', delayMs: 1200 } : echoScript(req)),
  });
  try {
    const s = await llmServer;
    const from = s.allRequests.length;
    const result = await run(s);
    return { result, seen: s.allRequests.slice(from) };
  } finally {
    llmUsers -= 1;
    if (llmUsers === 0) {
      const closing = llmServer;
      llmCloser = setTimeout(() => {
        if (llmServer === closing) llmServer = null;
        void closing?.then((s) => s.close());
      }, 300);
    }
  }
}
/** A real core whose `llm` section is `c.llm` pointed at the scripted server (`embedding` enabled if asked). */
const withLlmCore = (c: AppConfig, embedding: boolean, run: (t: Awaited<ReturnType<typeof createTestCore>>) => Promise<unknown>) => withLlm(async (s) => {
  const llm = { ...c.llm, provider: 'ollama', base_url: s.url, embedding: { ...c.llm.embedding, enabled: embedding } };
  const t = await createTestCore({ config: { llm } as Json });
  try {
    return await run(t);
  } finally {
    await t.close();
  }
});
/** Kira answers one persona.chat through the ollama provider; returns the chat request the server received and the result. */
const llmChat = (message: string) => async (c: AppConfig) => {
  const { result, seen } = await withLlmCore(c, false, (t) => t.call<Json>('persona.chat', { persona_id: 'Kira', message }));
  const chat = seen.filter((r) => r.path === '/api/chat').map((r) => r.body);
  return { chat, result: result as Json };
};
const chatRequest = (pick: (body: Json) => unknown) => async (c: AppConfig) => (await llmChat('Hello there')(c)).chat.map(pick);
/** Kira recalls three long memories about the greeting: the prompt size sent and the memories it kept. */
const recallPrompt = async (c: AppConfig) => {
  const { result, seen } = await withLlmCore(c, false, async (t) => {
    for (let i = 0; i < 3; i += 1) {
      await t.call('memory.store', { persona_id: 'Kira', content: `Someone greeted me with hello there, story ${i}: ${'the lanterns swayed over the harbour road '.repeat(14)}` });
    }
    return t.call<Json>('persona.chat', { persona_id: 'Kira', message: 'Hello there' });
  });
  const sent = seen.filter((r) => r.path === '/api/chat').map((r) => JSON.stringify(r.body.messages).length);
  return { sent, memories_used: (result as Json).memories_used.length };
};
/** The embedding requests (path, model) made after Kira stores a memory, embeddings enabled. */
const embeddingRequests = async (c: AppConfig) => {
  const { seen } = await withLlmCore(c, true, async (t) => {
    await t.call('memory.store', { persona_id: 'Kira', content: 'The harbour was full of tall ships at dawn.' });
    await t.core.idle();
  });
  return [...new Set(seen.filter((r) => r.method === 'POST' && r.path !== '/api/chat').map((r) => `${r.method} ${r.path} ${String(r.body.model)}`))];
};

// ---- limits.*, memory.retrieval.{candidate_limit,recall_k}, chat.{summary_max_chars,session_idle_hours,default_token_budget}
/** Stores `n` memories for Kira that all match "orchard". */
const orchard = async (t: Awaited<ReturnType<typeof createTestCore>>, n: number, extra: Json = {}) => {
  for (let i = 0; i < n; i += 1) await t.call('memory.store', { persona_id: 'Kira', content: `The orchard ${i} had apples.`, importance: 0.5, ...extra });
};
/** How many memories a chat with Kira about the orchard used (recall_k). */
const recalled = (extra: Json) => withCore((c) => ({ memory: c.memory }), async (t) => {
  await orchard(t, 8, extra);
  const r = await t.call<Json>('persona.chat', { persona_id: 'Kira', message: 'Tell me about the orchard', participant: { id: 'bob', platform: 'discord' } });
  return r.memories_used.length;
});
// ---- memory.extraction.mode, memory.discretion, chat.profile_facts (offline chats with Aria)
const BOB = { id: 'bob', display_name: 'Bob', platform: 'api' };
/** Bob tells Aria two facts; then Dave asks about Bob: Aria's reply (discreet: she does not tell). */
const daveAsksAboutBob = withCore((c) => ({ memory: c.memory }), async (t) => {
  await t.call('persona.chat', { persona_id: 'Aria', message: 'I am a blacksmith. I live in Oakvale.', participant: BOB });
  return (await t.call<Json>('persona.chat', { persona_id: 'Aria', message: 'What do you know about Bob?', participant: { id: 'dave', display_name: 'Dave', platform: 'api' } })).response;
});
/** The profile section chat builds for Bob after he told Aria two facts (as persona.chat prepares it). */
const profileSize = withCore((c) => ({ chat: c.chat }), async (t) => {
  await t.call('persona.chat', { persona_id: 'Aria', message: 'I am a blacksmith. I live in Oakvale.', participant: BOB });
  const aria = await requirePersona(t.core.db.manager, 'Aria');
  const mind = await prepareMind(t.core, aria, { key: 'api:bob', display_name: 'Bob' }, { message: 'Hello', session_id: 'none', window: [], remember: false });
  return mind.profile.map((f) => f.content);
});
/** Two chats two hours apart: same session or a new one (session_idle_hours). */
const idleSessions = withCore((c) => ({ chat: c.chat }), async (t) => {
  const a = await t.call<Json>('persona.chat', { persona_id: 'Kira', message: 'Hello' });
  t.clock.advance(2 * 3_600_000);
  const b = await t.call<Json>('persona.chat', { persona_id: 'Kira', message: 'Hello again' });
  return a.session_id === b.session_id;
});
/** The rolling summary's length after enough chat turns to fold older messages (offline: extractive). */
const summaryLength = withCore((c) => ({ chat: { ...c.chat, max_context_messages: 2, summary_threshold: 4 } }), async (t) => {
  let session: string | undefined;
  for (let i = 0; i < 6; i += 1) {
    const r = await t.call<Json>('persona.chat', { persona_id: 'Kira', message: `Message ${i}: ${'the long road north to the orchard '.repeat(3)}.`, ...(session ? { session_id: session } : {}) });
    session = r.session_id;
  }
  await t.core.idle();
  const row = t.core.db.sqlite.prepare('SELECT summary FROM sessions WHERE id = ?').get(session) as { summary: string | null } | undefined;
  return row?.summary?.length ?? null;
});
/** The MCP roleplay prompt (no chat budget given): chat.default_token_budget bounds what it may hold. */
const roleplayPromptLength = withCore((c) => ({ chat: c.chat }), async (t) => {
  await orchard(t, 5);
  const p = await buildRoleplayPrompt(t.core, { persona: 'Kira', message: 'the orchard' });
  return p.messages[0]?.content.text.length;
});
/** Concurrent chats on one session: how many the chat queue refuses (RATE_LIMITED). */
const chatQueueRefusals = withCore((c) => ({ limits: c.limits }), async (t) => {
  const first = await t.call<Json>('persona.chat', { persona_id: 'Kira', message: 'Hi' });
  const all = await Promise.allSettled([...Array(6).keys()].map((i) => t.call('persona.chat', { persona_id: 'Kira', message: `Again ${i}`, session_id: first.session_id })));
  return all.filter((r) => r.status === 'rejected' && (r.reason as { code?: string }).code === 'RATE_LIMITED').length;
});
/** A test operation of the standard deadline class that takes 250 ms (the router, dispatcher and connection are real). */
const slowOp = defineOperation({
  name: 'test.slow', summary: 'Waits 250 ms.', scope: 'read', tool: false, input: z.object({}), output: z.object({ done: z.boolean() }),
  handler: async () => { await new Promise((r) => setTimeout(r, 250)); return { done: true }; },
});
const mcpTable = createOperationTable([...OPERATION_TABLE.operations, slowOp]);
/** Fires `requests` at once on one MCP connection built over a real core as the service builds it; the error codes answered. */
const mcpAnswers = (requests: (i: number) => { method: string; params: Json }, n: number) => withCore((c) => ({ limits: c.limits }), async (t) => {
  const conn = createMcpConnection({ core: t.core, table: mcpTable, send: () => true });
  try {
    const replies = await Promise.all([...Array(n).keys()].map((i) => conn.handle({ kind: 'single', message: { jsonrpc: '2.0', id: i + 1, ...requests(i) } })));
    return replies.map((r) => ((r as Json | null)?.error?.data?.code ?? 'ok'));
  } finally {
    conn.close();
  }
});

// ---- memory.decay.batch_size, memory.pruning.batch_size: write transactions a run takes, as its result reports them.
/** Twelve low-importance memories of Kira, then 60 days pass (nothing protects them from decay or pruning). */
const agedMemories = async (t: Awaited<ReturnType<typeof createTestCore>>) => {
  for (let i = 0; i < 12; i += 1) await t.call('memory.store', { persona_id: 'Kira', content: `Passing note ${i}.`, importance: 0.3 });
  t.clock.advance(60 * 86_400_000);
};
const pruneBatches = withCore((c) => ({ memory: c.memory }), async (t) => {
  await agedMemories(t);
  const r = await t.call<Json>('memory.prune', { persona_id: 'Kira', force: true, target_count: 2 });
  return { pruned: r.memories_pruned, batches: r.batches };
});
const decayBatches = withCore((c) => ({ memory: c.memory }), async (t) => {
  await agedMemories(t);
  const r = await t.call<Json>('memory.decay_force');
  return { decayed: r.memories_decayed, batches: r.batches };
});
const T = (file: string, name: string): KeyEffect => ({ test: { file, name } });

/** The table; the test fails for a key of AppConfigSchema missing here and for an entry that is no key. */
export const CONFIG_KEY_EFFECTS: Record<string, KeyEffect> = {
  data_dir: T('tests/integration/api/secrets-at-rest.test.ts', 'no secret set through the operations or the PersonaAPI is stored in clear; the data dir is owner-only'),
  'log.level': { probe: logLevels, value: 'warn' },
  'server.host': T('tests/unit/services/mcp/security.test.ts', 'requires a token beyond loopback and refuses to start without one'),
  'server.mcp_port': T('tests/integration/cli/server-truth.test.ts', 'a second --server on the same ports exits 1 at once with one line naming the port and the flag'),
  'server.api_port': T('tests/unit/main/host/port-check.test.ts', 'rejects a port in use with one line naming it and the flag'),
  'server.max_message_bytes': T('tests/integration/api/rest.test.ts', 'an import may be larger than max_message_bytes (up to max_import_bytes): judged on content, not size'),
  'server.max_import_bytes': T('tests/integration/api/rest.test.ts', 'an import may be larger than max_message_bytes (up to max_import_bytes): judged on content, not size'),
  'server.max_connections': T('tests/integration/mcp/security.test.ts', 'answers upgrades beyond max_connections with 503'),
  'server.allowed_origins': T('tests/integration/api/security.test.ts', 'a foreign Origin is refused (403 reason origin); the same origin is allowed'),
  'mcp.toolsets.stdio': T('tests/integration/mcp/toolsets-config.test.ts', 'mcp.toolsets.stdio is what a stdio session lists'),
  'mcp.toolsets.http': T('tests/integration/mcp/toolsets-config.test.ts', 'mcp.toolsets.http is what an HTTP session lists unless its initialize names others'),
  'mcp.toolsets.websocket': T('tests/integration/mcp/toolsets-config.test.ts', 'mcp.toolsets.websocket is what a WebSocket lists; every method stays callable by name'),
  'auth.require_on_loopback': T('tests/unit/services/runtime/edge-security.test.ts', 'requires a token beyond loopback or with require_on_loopback'),
  'auth.token': T('tests/integration/api/security.test.ts', '/api/health answers a tokenless liveness probe with its status only; a wrong token is still refused'),
  'limits.messages_per_second': T('tests/integration/api/security.test.ts', 'answers 429 RATE_LIMITED with Retry-After once a connection exceeds limits.messages_per_second'),
  'limits.burst': T('tests/integration/api/security.test.ts', 'answers 429 RATE_LIMITED with Retry-After once a connection exceeds limits.messages_per_second'),
  'limits.in_flight': { probe: mcpAnswers(() => ({ method: 'persona.list', params: {} }), 3), value: 1 },
  'limits.streams': { probe: mcpAnswers((i) => ({ method: 'persona.chat', params: { persona_id: 'Kira', message: `Hi ${i}`, stream: true } }), 3), value: 1 },
  'limits.llm_calls_per_minute': T('tests/integration/mcp/access.test.ts', 'counts LLM-backed calls per minute across connections of one address; other calls are not counted'),
  'limits.chat_queue': { probe: chatQueueRefusals, value: 1 },
  'limits.method_timeout_ms': { probe: mcpAnswers(() => ({ method: 'test.slow', params: {} }), 1), value: 100 },
  'llm.provider': T('tests/integration/core/summary.test.ts', 'offline, the summary is extractive'),
  'llm.base_url': T('tests/integration/core/summary.test.ts', 'the LLM folds older messages into a summary that reaches the next prompt'),
  'llm.model': { probe: chatRequest((b) => b.model), value: 'qwen2.5:7b' },
  'llm.api_key': T('tests/unit/core/llm/llm-registry.test.ts', 'embedder: null when disabled; the key goes only to the chat provider origin'),
  // A reply 1.2 s late: within the default timeout it is the LLM's; past 1000 ms it is the offline fallback.
  'llm.timeout_ms': { probe: async (c) => { const { result: r } = await llmChat(`${SLOW} question`)(c); return [r.response_type, r.llm_error?.code ?? null]; }, value: 1000 },
  // The prompt sent must fit context_tokens − token_budget (500) − 64: at 1024 recalled memories are dropped.
  'llm.context_tokens': { probe: recallPrompt, value: 1024 },
  'llm.offline_fallback': T('tests/integration/core/chat.test.ts', 'with fallback off an unreachable LLM is LLM_UNAVAILABLE and nothing is stored'),
  'llm.temperature': { probe: chatRequest((b) => b.options.temperature), value: 0.2 },
  'llm.embedding.enabled': T('tests/integration/core/embeddings.test.ts', 'vectors are computed in the background and cosine similarity is blended into recall'),
  'llm.embedding.provider': { probe: embeddingRequests, value: 'openai' },
  'llm.embedding.model': { probe: embeddingRequests, value: 'all-minilm' },
  // Set, the embedding requests leave base_url (the scripted server) for this address (nothing listens there).
  'llm.embedding.base_url': { probe: embeddingRequests, value: 'http://127.0.0.1:9' },
  'memory.retrieval.weights.recency': { probe: retrieval, value: 5 },
  'memory.retrieval.weights.importance': { probe: retrieval, value: 5 },
  'memory.retrieval.weights.relevance': { probe: retrieval, value: 5 },
  'memory.retrieval.recency_half_life_days': { probe: retrieval, value: 1 },
  'memory.retrieval.browse_weights.recency': { probe: browse, value: 0 },
  'memory.retrieval.browse_weights.importance': { probe: browse, value: 0 },
  'memory.retrieval.embedding_weight': { probe: retrieval, value: 0 },
  'memory.retrieval.candidate_limit': { probe: searchCandidates, value: 2 },
  'memory.retrieval.recall_k': { probe: recalled({}), value: 2 },
  'memory.decay.enabled': { probe: withCore((c) => ({ memory: c.memory }), async (t) => { t.core.startJobs(); return (await t.core.jobStatus()).decay.running; }), value: false },
  'memory.decay.mode': { probe: decay(), value: 'linear' },
  'memory.decay.interval_hours': { probe: schedulerDelay(true), value: 1 },
  'memory.decay.first_run_delay_s': { probe: schedulerDelay(false), value: 600 },
  'memory.decay.max_decay_days': { probe: decay(), value: 5 },
  'memory.decay.floor': { probe: decay(), value: 0.6 },
  'memory.decay.protected_importance': { probe: decay(), value: 0.4 },
  'memory.decay.access_protection_days': { probe: decay({ last_accessed_at: ago(3), accessed_count: 1 }), value: 1 },
  'memory.decay.high_access_threshold': { probe: decay({ accessed_count: 3 }), value: 10 },
  'memory.decay.zero_access_multiplier': { probe: decay(), value: 1 },
  'memory.decay.high_access_multiplier': { probe: decay({ accessed_count: 5 }), value: 1 },
  'memory.decay.linear_rate_per_day': { probe: decay({}, 'linear'), value: 0.05 },
  'memory.decay.exponential_half_life_days': { probe: decay({}, 'exponential'), value: 5 },
  'memory.decay.access_based_base': { probe: decay(), value: 0.5 },
  'memory.decay.access_based_period_days': { probe: decay(), value: 10 },
  'memory.decay.access_based_cap': { probe: decay(), value: 0.01 },
  'memory.decay.max_factor': { probe: (c) => decayFactor('linear', 200, 0, c.memory.decay), value: 0.5 },
  'memory.decay.max_personas_per_cycle': { probe: withCore((c) => ({ memory: c.memory }), async (t) => (await t.call<Json>('memory.decay_force')).personas_processed), value: 1 },
  'memory.decay.batch_size': { probe: decayBatches, value: 3 },
  'memory.pruning.auto': { probe: (c) => shouldPruneAfterDecay(2000, 500, c.memory.pruning), value: false },
  // Just pruned (the interval holds back the threshold rule): only count ≥ max_memories triggers a run.
  'memory.pruning.max_memories': { probe: (c) => shouldPruneAfterInsert(19_000, NOW.toISOString(), 0, NOW, c.memory.pruning), value: 18_500 },
  'memory.pruning.threshold': { probe: (c) => shouldPruneAfterInsert(17_500, null, 0, NOW, c.memory.pruning), value: 17_000 },
  // As prune.service selects: pruneCount(count, target) of the persona's memories, lowest score first.
  'memory.pruning.target': { probe: (c) => selectForPruning([...Array(12).keys()].map((i) => pm({ id: `m${i}`, importance: 0.2, accessed_count: 1 })), pruneCount(12, c.memory.pruning.target), NOW, c.memory.pruning).selected.length, value: 5 },
  'memory.pruning.strategy': { probe: (c) => pruneScore(pm(), NOW, c.memory.pruning), value: 'importance_only' },
  'memory.pruning.weights.importance': { probe: (c) => pruneScore(pm(), NOW, c.memory.pruning), value: 0.1 },
  'memory.pruning.weights.access': { probe: (c) => pruneScore(pm(), NOW, c.memory.pruning), value: 0.9 },
  'memory.pruning.weights.age': { probe: (c) => pruneScore(pm(), NOW, c.memory.pruning), value: 0.9 },
  'memory.pruning.max_importance_to_delete': { probe: (c) => protection(pm(), NOW, c.memory.pruning), value: 0.4 },
  'memory.pruning.high_access_threshold': { probe: (c) => protection(pm(), NOW, c.memory.pruning), value: 2 },
  'memory.pruning.zero_access_grace_days': { probe: (c) => protection(pm({ accessed_count: 0 }), NOW, c.memory.pruning), value: 60 },
  'memory.pruning.recent_memory_days': { probe: (c) => pruneScore(pm(), NOW, c.memory.pruning), value: 50 },
  'memory.pruning.ancient_memory_days': { probe: (c) => pruneScore(pm(), NOW, c.memory.pruning), value: 30 },
  'memory.pruning.min_interval_minutes': { probe: (c) => shouldPruneAfterInsert(18_500, ago(1 / 48), 0, NOW, c.memory.pruning), value: 10 },
  'memory.pruning.auto_prune_threshold': { probe: (c) => shouldPruneAfterDecay(600, 100, c.memory.pruning), value: 500 },
  // A decay cycle counts memories at or below auto_prune_importance to decide on an automatic prune.
  'memory.pruning.auto_prune_importance': { probe: withCore((c) => ({ memory: { ...c.memory, pruning: { ...c.memory.pruning, auto_prune_threshold: 1, auto_prune_min_candidates: 2 } } }), async (t) => {
    for (let i = 0; i < 3; i += 1) await t.call('memory.store', { persona_id: 'Kira', content: `low ${i}`, importance: 0.4 });
    return (await t.call<Json>('memory.decay_force')).auto_prunes_triggered;
  }), value: 0.5 },
  'memory.pruning.auto_prune_min_candidates': { probe: (c) => shouldPruneAfterDecay(2000, 40, c.memory.pruning), value: 10 },
  'memory.pruning.restore_protection_days': { probe: (c) => protection(pm({ restored_at: ago(10) }), NOW, c.memory.pruning), value: 20 },
  'memory.pruning.batch_size': { probe: pruneBatches, value: 3 },
  'memory.extraction.mode': { probe: withCore((c) => ({ memory: c.memory }), async (t) => (await t.call<Json>('persona.chat', { persona_id: 'Aria', message: 'I am a blacksmith.', participant: BOB })).facts.length), value: 'off' },
  'memory.discretion': { probe: daveAsksAboutBob, value: 'open' },
  'memory.reflection.enabled': T('tests/integration/core/mind-llm.test.ts', 'offline, or with reflection disabled, nothing reflects'),
  'memory.reflection.threshold': T('tests/integration/core/mind-llm.test.ts', 'a reflection citing what Bob said in private is recalled for Bob, never for Dave'),
  'memory.archive.retention_days': { probe: withCore((c) => ({ memory: c.memory }), async (t) => {
    const m = await t.call<Json>('memory.store', { persona_id: 'Kira', content: 'to the archive', importance: 0.5 });
    await t.call('memory.delete', { memory_id: m.memory_id });
    t.clock.advance(40 * 86_400_000);
    await runRetention(t.core);
    return (await t.call<Json>('memory.stats', { persona_id: 'Kira' })).archived_memories;
  }), value: 30 },
  'chat.max_context_messages': T('tests/integration/core/summary.test.ts', 'the LLM folds older messages into a summary that reaches the next prompt'),
  'chat.summary_threshold': T('tests/integration/core/summary.test.ts', 'the LLM folds older messages into a summary that reaches the next prompt'),
  'chat.summary_chunk': T('tests/integration/core/summary.test.ts', 'the LLM folds older messages into a summary that reaches the next prompt'),
  'chat.summary_max_chars': { probe: summaryLength, value: 100 },
  'chat.session_idle_hours': { probe: idleSessions, value: 1 },
  'chat.default_token_budget': { probe: roleplayPromptLength, value: 4000 },
  'chat.profile_facts': { probe: profileSize, value: 1 },
  'chat.turn_fatigue': { probe: (c) => applyChatTurn({ social_energy: 80, interaction_fatigue: 0, available_time: 100, available_time_max: 100 }, c.chat.turn_fatigue, c.chat.turn_energy_cost), value: 2 },
  'chat.turn_energy_cost': { probe: (c) => applyChatTurn({ social_energy: 80, interaction_fatigue: 0, available_time: 100, available_time_max: 100 }, c.chat.turn_fatigue, c.chat.turn_energy_cost), value: 5 },
  'relationship.turn_minutes': { probe: (c) => conversationInteraction(70, NOW.toISOString(), c.relationship.turn_minutes), value: 20 },
  'emotion.mood_gain': { probe: (c) => applyAppraisal(emotion, appraisal, c.emotion), value: 0.5 },
  'emotion.half_life_s': { probe: (c) => emotionAfter(c), value: 60 },
  'emotion.energy_half_life_s': { probe: (c) => emotionAfter(c), value: 60 },
  'conversation.continue_threshold': { probe: end({ score: 45, tokens_remaining: 500 }), value: 50 },
  'conversation.min_tokens_remaining': { probe: end({ score: 60, tokens_remaining: 80 }), value: 100 },
  'conversation.default_token_budget': { probe: async (c) => ((await convStart(c)) as Json).token_budget, value: 300 },
  'conversation.max_duration_s': { probe: withCore((c) => ({ conversation: c.conversation }), async (t) => {
    const { conversation_id } = await t.call<Json>('conversation.start', { persona1_id: 'Aria', persona2_id: 'Kira' });
    return t.core.db.sqlite.prepare('SELECT max_duration FROM conversations WHERE id = ?').get(conversation_id);
  }), value: 120 },
  'conversation.base_cooldown_s': { probe: (c) => conversationCooldown(50, 0, c.conversation), value: 100 },
  'conversation.satisfying_score': { probe: (c) => conversationCooldown(75, 0, c.conversation), value: 80 },
  'conversation.unsatisfying_score': { probe: (c) => conversationCooldown(25, 0, c.conversation), value: 20 },
  'conversation.satisfying_multiplier': { probe: (c) => conversationCooldown(75, 0, c.conversation), value: 0.25 },
  'conversation.unsatisfying_multiplier': { probe: (c) => conversationCooldown(25, 0, c.conversation), value: 3 },
  'conversation.autopilot.enabled': { probe: withCore((c) => ({ conversation: { autopilot: { ...c.conversation.autopilot, tick_seconds: 1 } } }), async (t) => {
    t.core.startJobs();
    await new Promise((r) => setTimeout(r, 1600));
    await t.core.idle();
    return (await t.call<Json>('conversation.list', { status: 'all' })).total;
  }), value: true },
  'conversation.autopilot.tick_seconds': T('tests/integration/core/autopilot.test.ts', 'enabled with a 1 s tick: startJobs starts a conversation of the best pair, plays its first turn and advances it, with events'),
  'conversation.autopilot.advance_probability': { probe: advanceDraw, value: 0.9 },
  'conversation.autopilot.max_concurrent': { probe: autopilotTick(0), value: 0 },
  'conversation.autopilot.topics': { probe: autopilotTick(3), value: ['harvest', 'weather'] },
};

/** Keys whose effect is not proven yet (pinned: the list may only shrink). */
export const PENDING_KEYS = Object.entries(CONFIG_KEY_EFFECTS).filter(([, e]) => 'pending' in e).map(([k]) => k);

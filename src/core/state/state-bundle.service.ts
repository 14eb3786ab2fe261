import { randomUUID } from 'node:crypto';
import { AppError, isoNow, personaKey, type Participant, type Persona } from '../../shared/index.ts';
import type { CoreContext } from '../core-context.ts';
import { createRepositories } from '../repositories.ts';
import { cardToPersonaInput, detectCard, personaToCard } from '../cards/index.ts';
import { newPersona } from '../persona/persona-input.model.ts';
import { insertPersona, requirePersona } from '../persona/persona.service.ts';
import { VERSION } from '../version.ts';
import { StateBundleSchema, type StateBundle } from './state-bundle.model.ts';

/** What to include in a bundle (`state.save` in docs/protocol.md). */
export interface SaveOptions { memories: boolean; archive: boolean; relationships: boolean; sessions: boolean }

/** Builds the state bundle of a persona. */
export async function saveState(core: CoreContext, persona: Persona, opt: SaveOptions): Promise<StateBundle> {
  const repos = createRepositories(core.db.manager);
  const memories = opt.memories ? repos.memories.allOf(persona.id, false) : [];
  const archived = opt.archive ? repos.memories.allOf(persona.id, true) : [];
  const rels = opt.relationships ? repos.relationships.involving(persona.id) : [];
  const relationships = await Promise.all(rels.map(async (r) => ({ ...r, events: await repos.relationships.events(r.subject_id, r.counterpart_key, 200) })));
  const sessions = opt.sessions
    ? repos.sessions.listForPersona(persona.id).map((s) => ({ ...s, messages: repos.sessions.messagesOf(s.id) }))
    : [];
  const keys = new Set<string>([...rels.map((r) => r.counterpart_key), ...memories.map((m) => String(m.participant_key ?? '')), ...sessions.map((s) => String(s.participant_key))]);
  const found = await Promise.all([...keys].filter((k) => k && !k.startsWith('persona:')).map((key) => repos.participants.get(key)));
  const participants = found.filter((p): p is Participant => p !== null);
  const counts = { memories: memories.length, archived_memories: archived.length, relationships: relationships.length, participants: participants.length, sessions: sessions.length, messages: sessions.reduce((n, s) => n + s.messages.length, 0) };
  return StateBundleSchema.parse({
    format: 'persona-mcp/state', version: 1, exported_at: isoNow(core.now()), generator: `persona-mcp ${VERSION}`,
    persona: { id: persona.id, version: persona.version, created_at: persona.created_at, updated_at: persona.updated_at, card: personaToCard(persona, 'v3', Math.floor(core.now().getTime() / 1000)) },
    interaction_state: (await repos.states.getInteraction(persona.id)) ?? {},
    emotional_state: (await repos.states.getEmotion(persona.id)) ?? {},
    visual_state: (await repos.states.getVisual(persona.id)) ?? {},
    memories, archived_memories: archived, relationships, participants, sessions, counts,
  });
}

/** What `state.load` reports. */
export interface LoadResult { persona_id: string; mode: 'new' | 'replace'; counts: Record<string, number>; warnings: string[] }

/**
 * Loads a bundle in one transaction: `new` gives new ids and a unique name; `replace` swaps
 * the target persona's whole state. Unknown versions → UNSUPPORTED_FORMAT; any error changes nothing.
 */
export async function loadState(core: CoreContext, raw: unknown, mode: 'new' | 'replace', targetRef?: string): Promise<LoadResult> {
  const version = (raw as { version?: unknown } | null)?.version;
  const format = (raw as { format?: unknown } | null)?.format;
  if (format !== 'persona-mcp/state' || version !== 1) {
    throw new AppError('UNSUPPORTED_FORMAT', `Unsupported state bundle (format ${String(format)}, version ${String(version)}); expected persona-mcp/state version 1`, { details: { format, version } });
  }
  const parsed = StateBundleSchema.safeParse(raw);
  if (!parsed.success) throw new AppError('INVALID_PARAMS', 'Invalid state bundle', { issues: parsed.error.issues.map((i) => ({ path: ['bundle', ...i.path.map(String)], code: i.code, message: i.message })) });
  const b = parsed.data;
  const imported = cardToPersonaInput(detectCard(b.persona.card));
  const now = core.now();
  const at = isoNow(now);
  const warnings = [...imported.warnings];
  return core.db.transaction(async (em) => {
    const repos = createRepositories(em);
    let id: string;
    let name = imported.input.name;
    if (mode === 'replace') {
      const target = await requirePersona(em, targetRef ?? b.persona.id);
      id = target.id;
      const clash = await repos.personas.findByName(name);
      if (clash && clash.id !== id) throw new AppError('CONFLICT', `A persona named '${clash.name}' already exists`, { details: { name } });
      await repos.personas.delete(id);
    } else {
      id = randomUUID();
      for (let n = 2; await repos.personas.findByName(name); n += 1) name = `${imported.input.name} (${n})`;
    }
    const { created_at: _c, ...extras } = imported.extras;
    const persona: Persona = { ...newPersona({ ...imported.input, name }, at, id), ...extras, created_at: b.persona.created_at, updated_at: at, version: mode === 'replace' ? b.persona.version + 1 : 1 };
    await insertPersona(em, persona, now);
    for (const [kind, state] of [['interaction', b.interaction_state], ['emotion', b.emotional_state], ['visual', b.visual_state]] as const) {
      if (Object.keys(state).length) repos.states.importFields(kind, id, state);
    }
    for (const p of b.participants) repos.participants.save(p);
    const remap = new Map<string, string>();
    const newId = (old: string): string => {
      if (mode !== 'new') return old;
      const fresh = remap.get(old) ?? randomUUID();
      remap.set(old, fresh);
      return fresh;
    };
    const sessions = b.sessions.map((s) => ({ ...s, id: newId(s.id) }));
    for (const { messages, ...s } of sessions) {
      await repos.sessions.insert({ ...s, persona_id: id, status: 'closed', closed_at: s.closed_at ?? at });
      for (const m of messages) repos.sessions.insertMessage({ ...m, id: mode === 'new' ? randomUUID() : m.id, session_id: s.id, conversation_id: null });
    }
    const fix = <M extends { id: string; session_id: string | null; persona_id: string }>(m: M): M => ({ ...m, id: mode === 'new' ? randomUUID() : m.id, persona_id: id, session_id: m.session_id ? (mode === 'new' ? remap.get(m.session_id) ?? null : m.session_id) : null });
    for (const m of b.memories) await repos.memories.insert(fix(m));
    for (const m of b.archived_memories) repos.memories.insertArchived(fix(m));
    let relCount = 0;
    for (const { events, ...r } of b.relationships) {
      const oldSelf = b.persona.id;
      const subject = r.subject_id === oldSelf ? id : r.subject_id;
      const counterpartPersona = r.counterpart_key.startsWith('persona:') ? r.counterpart_key.slice(8) : null;
      const cp = counterpartPersona === oldSelf ? id : counterpartPersona;
      const exists = async (pid: string) => pid === id || (await repos.personas.get(pid)) !== null;
      if (!(await exists(subject)) || (cp && !(await exists(cp)))) {
        warnings.push(`relationship ${r.subject_id} → ${r.counterpart_key} skipped: persona not found locally`);
        continue;
      }
      const key = cp ? personaKey(cp) : r.counterpart_key;
      await repos.relationships.save({ ...r, subject_id: subject, counterpart_key: key, counterpart_persona_id: cp });
      for (const e of events) await repos.relationships.addEvent({ ...e, subject_id: subject, counterpart_key: key, counterpart_persona_id: cp });
      relCount += 1;
    }
    return {
      persona_id: id, mode, warnings,
      counts: { memories: b.memories.length, archived_memories: b.archived_memories.length, relationships: relCount, participants: b.participants.length, sessions: b.sessions.length, messages: b.sessions.reduce((n, s) => n + s.messages.length, 0) },
    };
  });
}

import { z } from 'zod';
import { PersonaRefSchema, StateLoadResultSchema, StateSaveResultSchema, isoNow } from '../../shared/index.ts';
import { saveState, loadState } from './state-bundle.service.ts';
import { createRepositories } from '../repositories.ts';
import { personaFromRef } from '../operations/context-helpers.ts';
import { defineOperation } from '../operations/operation.ts';
import { foldLegacyParticipants } from '../participants/participant-link.service.ts';

/** `state.save`: a persona's whole state as one re-loadable bundle. */
export const stateSave = defineOperation({
  name: 'state.save',
  summary: 'Export a persona\'s full state (card, memories and archive, relationships, emotion, visual, optionally sessions) as one bundle. Use to back up or move a persona.',
  scope: 'admin', tool: true,
  rest: { method: 'POST', path: '/api/personas/:persona_id/state/save' },
  input: z.object({
    persona_id: PersonaRefSchema.optional(), include_memories: z.boolean().default(true), include_archive: z.boolean().default(true),
    include_relationships: z.boolean().default(true), include_sessions: z.boolean().default(false),
  }),
  output: StateSaveResultSchema,
  async handler(ctx, input) {
    const persona = await personaFromRef(ctx, input.persona_id);
    const bundle = await saveState(ctx.core, persona, { memories: input.include_memories, archive: input.include_archive, relationships: input.include_relationships, sessions: input.include_sessions });
    const active = createRepositories(ctx.core.db.manager).conversations.countActive();
    return {
      state_saved: true as const, bundle, bytes: Buffer.byteLength(JSON.stringify(bundle)),
      state: { current_persona_id: ctx.connection.currentPersonaId, current_conversation_id: ctx.connection.lastConversationId, active_conversations: active, timestamp: isoNow(ctx.core.now()) },
    };
  },
});

/** `state.load`: import a bundle as a new persona or replacing one, in one transaction. */
export const stateLoad = defineOperation({
  name: 'state.load',
  summary: 'Import a state bundle as a new persona (new ids, unique name) or replacing an existing one. Use to restore what state.save exported.',
  scope: 'admin', tool: true, destructive: true,
  rest: { method: 'POST', path: '/api/state/load' },
  input: z.object({ bundle: z.record(z.string(), z.unknown()), mode: z.enum(['new', 'replace']).default('new'), target_persona_id: PersonaRefSchema.optional(), set_current: z.boolean().default(true) }),
  output: StateLoadResultSchema,
  async handler(ctx, input) {
    const r = await loadState(ctx.core, input.bundle, input.mode, input.target_persona_id);
    // A bundle saved by an earlier release may key its participants otherwise (docs/memory.md "Who is who").
    await foldLegacyParticipants(ctx.core);
    if (input.set_current) ctx.connection.currentPersonaId = r.persona_id;
    const at = isoNow(ctx.core.now());
    ctx.core.events.emit({ name: input.mode === 'new' ? 'persona.created' : 'persona.updated', persona_id: r.persona_id, at, data: { name: null, version: null } });
    return { state_loaded: true as const, ...r, current_persona_id: ctx.connection.currentPersonaId, current_conversation_id: ctx.connection.lastConversationId };
  },
});

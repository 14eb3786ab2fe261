import type { CoreContext } from '../core-context.ts';
import { createRepositories } from '../repositories.ts';
import { requirePersona } from '../persona/persona.service.ts';
import { emotionView, interactionView } from '../state/state-views.model.ts';
import { searchMemories } from '../memory/memory-search.service.ts';
import { eligibilityCheck } from '../memory/discretion.service.ts';
import { assemblePrompt } from './prompt.model.ts';
import { substituteMacros } from './macros.model.ts';

/** What MCP `prompts/get` of `roleplay` asks for. */
export interface RoleplayPromptRequest {
  /** Persona id or name. */
  persona: string;
  participant_name?: string;
  message?: string;
}

/** An MCP prompt result: `{description, messages}`. */
export interface RoleplayPrompt {
  description: string;
  messages: { role: 'user' | 'assistant'; content: { type: 'text'; text: string } }[];
}

/**
 * The MCP `roleplay` prompt: message 1 (`user`) = sections 1–5 of the chat prompt for
 * `participant_name` (default "User"), with memories recalled for `message` when given and no session
 * history; then `assistant` = first_mes (when set and no message) or `user` = message. Read-only:
 * recall does not touch access counts. The speaker is known by name only, so discretion admits what
 * anyone may hear (docs/memory.md "Whom a persona tells": no source, public, or open).
 */
export async function buildRoleplayPrompt(core: CoreContext, req: RoleplayPromptRequest): Promise<RoleplayPrompt> {
  const persona = await requirePersona(core.db.manager, req.persona);
  const user = req.participant_name?.trim() || 'User';
  const now = core.now();
  const repos = createRepositories(core.db.manager);
  const { ir, er } = await repos.states.requireRows(persona.id);
  const state = interactionView(ir, now);
  const ok = eligibilityCheck(core, persona, []);
  const recalled = req.message
    ? await searchMemories(core, persona, {
      query: req.message, limit: core.memory.effective(persona).retrieval.recall_k, min_importance: 0, archived: false, touch: false, exclude: (m) => !ok(m),
    })
    : [];
  const assembled = assemblePrompt({
    persona, emotion: emotionView(er, persona.emotional_baseline, state.social_energy, now, core.config.emotion), state,
    speaker: { display_name: user, platform: 'mcp' }, relationship: null, witnesses: [],
    memories: recalled.map((m) => ({ content: m.content, created_at: m.created_at, score: m.score })),
    summary: null, window: [], message: req.message ?? '', token_budget: core.config.chat.default_token_budget,
    context_tokens: core.llm.settings().context_tokens, now,
  });
  const system = assembled.messages[0]?.content ?? '';
  const messages: RoleplayPrompt['messages'] = [{ role: 'user', content: { type: 'text', text: system } }];
  if (req.message) messages.push({ role: 'user', content: { type: 'text', text: req.message } });
  else if (persona.first_mes) {
    messages.push({ role: 'assistant', content: { type: 'text', text: substituteMacros(persona.first_mes, persona.nickname || persona.name, user) } });
  }
  return { description: `Roleplay as ${persona.name} with ${user}`, messages };
}

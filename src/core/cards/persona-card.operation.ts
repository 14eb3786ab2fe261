import { z } from 'zod';
import { AppError, type Persona, PersonaExportResultSchema, PersonaImportResultSchema, PersonaRefSchema, isoNow } from '../../shared/index.ts';
import { createRepositories } from '../repositories.ts';
import { cardFilename, cardToPersonaInput, detectCard, personaToCard, readCardFromPng, writeCardPng } from './index.ts';
import { newPersona } from '../persona/persona-input.model.ts';
import { insertPersona, requirePersona } from '../persona/persona.service.ts';
import { defineOperation } from '../operations/operation.ts';

/** `persona.import`: create or replace a persona from a Character Card. */
export const personaImport = defineOperation({
  name: 'persona.import',
  summary: 'Create (or replace) a persona from a Character Card V1/V2/V3, given as JSON or base64 PNG. Use when the user supplies a character card.',
  scope: 'write', tool: true,
  rest: { method: 'POST', path: '/api/personas/import' },
  input: z.object({
    card: z.union([z.record(z.string(), z.unknown()), z.string().max(16 * 1024 * 1024)]).optional().describe('The card as a JSON object or JSON text; or give png_base64'),
    png_base64: z.string().max(22 * 1024 * 1024).optional().describe('A PNG card, base64'),
    on_conflict: z.enum(['error', 'rename', 'replace']).default('error').describe('When the name is taken'),
    persona_id: PersonaRefSchema.optional().describe('Persona to replace with the card'),
  }).refine((i) => (i.card === undefined) !== (i.png_base64 === undefined), { message: 'give exactly one of card or png_base64', path: ['card'] }),
  output: PersonaImportResultSchema,
  async handler(ctx, input) {
    const json = input.png_base64 !== undefined ? readCardFromPng(Buffer.from(input.png_base64, 'base64')).json : input.card;
    const imported = cardToPersonaInput(detectCard(json));
    const now = ctx.core.now();
    const at = isoNow(now);
    const result = await ctx.core.db.transaction(async (em) => {
      const repos = createRepositories(em);
      let target: Persona | null = input.persona_id ? await requirePersona(em, input.persona_id) : null;
      let name = imported.input.name;
      const clash = await repos.personas.findByName(name);
      if (!target && clash) {
        if (input.on_conflict === 'error') throw new AppError('CONFLICT', `A persona named '${clash.name}' already exists`, { details: { name, persona_id: clash.id } });
        if (input.on_conflict === 'replace') target = clash;
        else for (let n = 2; await repos.personas.findByName(name); n += 1) name = `${imported.input.name} (${n})`;
      }
      if (target) {
        // Replace keeps id, memories, relationships and state; only the card fields change.
        if (clash && clash.id !== target.id) throw new AppError('CONFLICT', `A persona named '${clash.name}' already exists`, { details: { name, persona_id: clash.id } });
        const { created_at: _c, ...cardExtras } = imported.extras;
        const next: Persona = { ...newPersona({ ...imported.input, name }, at, target.id), ...cardExtras, created_at: target.created_at, updated_at: at, version: target.version + 1 };
        await repos.personas.save(next);
        return { persona: next, created: false, replaced: true };
      }
      const { created_at, ...extras } = imported.extras;
      const persona: Persona = { ...newPersona({ ...imported.input, name }, at), ...extras, ...(created_at ? { created_at } : {}) };
      await insertPersona(em, persona, now);
      return { persona, created: true, replaced: false };
    });
    ctx.core.events.emit({ name: result.created ? 'persona.created' : 'persona.updated', persona_id: result.persona.id, at, data: { name: result.persona.name, version: result.persona.version } });
    return { persona_id: result.persona.id, name: result.persona.name, created: result.created, replaced: result.replaced, source_spec: imported.spec, warnings: imported.warnings };
  },
});

/** `persona.export`: Character Card V3 (default) or V2, as JSON or PNG. */
export const personaExport = defineOperation({
  name: 'persona.export',
  summary: 'Export a persona as a Character Card V3 or V2, as JSON or base64 PNG. Use to share a persona\'s card (state.save also keeps its memories).',
  scope: 'read', tool: true,
  rest: { method: 'GET', path: '/api/personas/:persona_id/export' },
  input: z.object({ persona_id: PersonaRefSchema, spec: z.enum(['v3', 'v2']).default('v3'), format: z.enum(['json', 'png']).default('json') }),
  output: PersonaExportResultSchema,
  async handler(ctx, input) {
    const persona = await requirePersona(ctx.core.db.manager, input.persona_id);
    const card = personaToCard(persona, input.spec, Math.floor(ctx.core.now().getTime() / 1000));
    const base = { persona_id: persona.id, spec: input.spec, format: input.format, filename: cardFilename(persona.name, input.format) };
    if (input.format === 'png') return { ...base, png_base64: writeCardPng(card, persona).toString('base64') };
    return { ...base, card: card as unknown as Record<string, unknown> };
  },
});

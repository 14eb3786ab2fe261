/**
 * Persona → Character Card: V3 by default, V2 on request with the V1 fields mirrored at the root
 * and the V3-only fields in `extensions.persona_mcp.v3_fields`. Never exports secrets, memories or
 * relationships.
 */
import type { Persona } from '../../shared/index.ts';
import { traitSummary } from '../chat/prompt.model.ts';
import { V1_FIELDS, V2_DATA_KEYS, V3_DATA_KEYS } from './card.model.ts';

/** Version of the `extensions.persona_mcp` namespace we write and read. */
export const PERSONA_MCP_SCHEMA_VERSION = 1;

/** Spec requested from `persona.export`. */
export type CardExportSpec = 'v3' | 'v2';

/** An exported card: `{spec, spec_version, data}` (V2 also carries the six V1 fields at the root). */
export interface CharacterCard {
  spec: 'chara_card_v3' | 'chara_card_v2';
  spec_version: '3.0' | '2.0';
  data: Record<string, unknown>;
  name?: string;
  description?: string;
  personality?: string;
  scenario?: string;
  first_mes?: string;
  mes_example?: string;
}

/** The provenance entry we append to V3 `source`: `persona-mcp:<persona id>`. */
export function sourceTag(personaId: string): string {
  return `persona-mcp:${personaId}`;
}

const toUnixSeconds = (iso: string): number => Math.floor(Date.parse(iso) / 1000);

/** `extensions.persona_mcp` (schema_version 1) for a persona: our fields, no secrets/memories/relationships. */
export function personaMcpExtension(persona: Persona): Record<string, unknown> {
  return {
    schema_version: PERSONA_MCP_SCHEMA_VERSION,
    persona_id: persona.id,
    traits: { ...persona.personality_traits },
    topic_preferences: { ...persona.topic_preferences },
    charisma: persona.charisma,
    intelligence: persona.intelligence,
    social_rank: persona.social_rank,
    speaking_style: persona.speaking_style,
    full_name: persona.full_name,
    emotional_baseline: { ...persona.emotional_baseline },
    interaction_defaults: { ...persona.interaction_defaults },
    llm: persona.llm === null ? null : { ...persona.llm },
    memory_policy: persona.memory_policy,
  };
}

/**
 * The persona as a Character Card. `personality` falls back to the trait summary;
 * `source` gets our tag appended once; `modification_date` is `nowUnixSeconds`; unknown `data`
 * keys saved on import (`card_extra`) are restored at the top of `data` without overriding known keys.
 */
export function personaToCard(persona: Persona, spec: CardExportSpec, nowUnixSeconds: number): CharacterCard {
  const tag = sourceTag(persona.id);
  const v3 = {
    assets: [...persona.assets],
    nickname: persona.nickname,
    creator_notes_multilingual: persona.creator_notes_multilingual,
    source: persona.source.includes(tag) ? [...persona.source] : [...persona.source, tag],
    group_only_greetings: [...persona.group_only_greetings],
    creation_date: toUnixSeconds(persona.created_at),
    modification_date: Math.floor(nowUnixSeconds),
  };
  const mcp = personaMcpExtension(persona);
  const data: Record<string, unknown> = {
    name: persona.name,
    description: persona.description,
    personality: persona.personality || traitSummary(persona.personality_traits),
    scenario: persona.scenario,
    first_mes: persona.first_mes,
    mes_example: persona.mes_example,
    creator_notes: persona.creator_notes,
    system_prompt: persona.system_prompt,
    post_history_instructions: persona.post_history_instructions,
    alternate_greetings: [...persona.alternate_greetings],
    tags: [...persona.tags],
    creator: persona.creator,
    character_version: persona.character_version,
  };
  if (persona.character_book !== null) data.character_book = persona.character_book;
  data.extensions = { ...persona.extensions, persona_mcp: mcp };
  if (spec === 'v3') {
    data.group_only_greetings = v3.group_only_greetings;
    data.assets = v3.assets;
    if (v3.nickname !== null) data.nickname = v3.nickname;
    if (v3.creator_notes_multilingual !== null) data.creator_notes_multilingual = v3.creator_notes_multilingual;
    data.source = v3.source;
    data.creation_date = v3.creation_date;
    data.modification_date = v3.modification_date;
  } else {
    mcp.v3_fields = v3;
  }
  const known = spec === 'v3' ? V3_DATA_KEYS : V2_DATA_KEYS;
  for (const [key, value] of Object.entries(persona.card_extra ?? {})) {
    if (known.includes(key) || Object.hasOwn(data, key)) continue;
    Object.defineProperty(data, key, { value, enumerable: true, writable: true, configurable: true });
  }
  if (spec === 'v3') return { spec: 'chara_card_v3', spec_version: '3.0', data };
  const card: CharacterCard = { spec: 'chara_card_v2', spec_version: '2.0', data };
  for (const key of V1_FIELDS) card[key] = data[key] as string;
  return card;
}

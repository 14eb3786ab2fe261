/**
 * Card → persona mapping: card fields become create input, `extensions.persona_mcp` (schema_version 1)
 * fills our fields, everything we do not model is returned as `extras` to store verbatim. Bad fields →
 * INVALID_PARAMS with issue paths into the card.
 */
import {
  AppError, PersonaCreateInputSchema, TraitsInputSchema,
  type Persona, type PersonaCreateInput, type ValidationIssue,
} from '../../shared/index.ts';
import { normalizeTraits } from '../persona/persona-input.model.ts';
import { traitSummary } from '../chat/prompt.model.ts';
import {
  V1_FIELDS, V2_DATA_KEYS, V3_DATA_KEYS, V3OnlyFieldsSchema, isPlainObject, toIssues, unknownKeys,
  type CardSpec, type DetectedCard, type V3OnlyFields,
} from './card.model.ts';

/** Persona fields a card carries that create input does not: spread them over `newPersona(input, …)`. */
export type CardExtras = Pick<Persona, 'assets' | 'source' | 'character_book' | 'creator_notes_multilingual' | 'card_extra' | 'extensions'> & {
  /** From V3 `creation_date` (unix s) when present and valid. */
  created_at?: string;
};

/** Result of mapping a card: create input, verbatim extras and non-fatal warnings. */
export interface CardImport {
  spec: CardSpec;
  input: PersonaCreateInput;
  extras: CardExtras;
  warnings: string[];
}

type Path = (string | number)[];
const MAX_BOOK_ENTRIES = 1000;
const MAX_UNIX_SECONDS = 253_402_300_799; // 9999-12-31T23:59:59Z
const PM_PATH: Path = ['data', 'extensions', 'persona_mcp'];
const V2_TEXT_KEYS = [
  'creator_notes', 'system_prompt', 'post_history_instructions', 'alternate_greetings', 'tags', 'creator', 'character_version',
] as const;
const MCP_SCALARS: readonly (readonly [string, string])[] = [
  ['traits', 'personality_traits'], ['topic_preferences', 'topic_preferences'], ['charisma', 'charisma'],
  ['intelligence', 'intelligence'], ['social_rank', 'social_rank'], ['speaking_style', 'speaking_style'],
  ['full_name', 'full_name'], ['emotional_baseline', 'emotional_baseline'],
];
const DEFAULT_KEYS = ['current_priority', 'social_energy', 'available_time', 'interest_level'] as const;

/** Collects create-input fields together with the card path each came from. */
class FieldCollector {
  readonly fields: Record<string, unknown> = {};
  readonly paths: Record<string, Path> = {};
  readonly issues: ValidationIssue[] = [];

  put(key: string, value: unknown, path: Path): void {
    if (value === undefined) return;
    this.fields[key] = value;
    this.paths[key] = path;
  }

  /** Maps an issue on an input field (`[field, ...rest]`) to the card path of that field. */
  remap(issue: ValidationIssue): ValidationIssue {
    const [head, ...rest] = issue.path;
    const base = typeof head === 'string' ? this.paths[head] : undefined;
    return { ...issue, path: base ? [...base, ...rest] : issue.path };
  }
}

function unixToIso(value: number | null, path: string, warnings: string[]): string | undefined {
  if (value === null) return undefined;
  if (Number.isInteger(value) && value >= 0 && value <= MAX_UNIX_SECONDS) return new Date(value * 1000).toISOString();
  warnings.push(`${path} ${value} is not a unix time in seconds; ignored`);
  return undefined;
}

function applyV3Fields(v3: V3OnlyFields, at: Path, c: FieldCollector, extras: CardExtras, warnings: string[]): void {
  c.put('nickname', v3.nickname ?? undefined, [...at, 'nickname']);
  c.put('group_only_greetings', v3.group_only_greetings, [...at, 'group_only_greetings']);
  extras.assets = v3.assets;
  extras.source = v3.source;
  extras.creator_notes_multilingual = v3.creator_notes_multilingual;
  const created = unixToIso(v3.creation_date, [...at, 'creation_date'].join('.'), warnings);
  if (created !== undefined) extras.created_at = created;
}

/** Fills our fields from `extensions.persona_mcp`; returns true when it was applied. */
function applyPersonaMcp(pm: unknown, detected: DetectedCard, c: FieldCollector, extras: CardExtras, warnings: string[]): boolean {
  if (!isPlainObject(pm)) {
    warnings.push('extensions.persona_mcp is not an object; ignored');
    return false;
  }
  if (pm.schema_version !== undefined && pm.schema_version !== 1) {
    warnings.push(`extensions.persona_mcp schema_version ${JSON.stringify(pm.schema_version)} is not supported; its fields were not imported`);
    return false;
  }
  for (const [from, to] of MCP_SCALARS) c.put(to, pm[from] ?? undefined, [...PM_PATH, from]);
  const defaults = pm.interaction_defaults;
  if (isPlainObject(defaults)) {
    for (const key of DEFAULT_KEYS) c.put(key, defaults[key] ?? undefined, [...PM_PATH, 'interaction_defaults', key]);
  } else if (defaults !== undefined && defaults !== null) {
    c.issues.push({ path: [...PM_PATH, 'interaction_defaults'], code: 'invalid_type', message: 'must be an object' });
  }
  c.put('llm', pm.llm, [...PM_PATH, 'llm']);
  c.put('memory_policy', pm.memory_policy, [...PM_PATH, 'memory_policy']);
  if (detected.spec === 'chara_card_v2' && pm.v3_fields !== undefined && pm.v3_fields !== null) {
    const parsed = V3OnlyFieldsSchema.safeParse(pm.v3_fields);
    if (parsed.success) applyV3Fields(parsed.data, [...PM_PATH, 'v3_fields'], c, extras, warnings);
    else c.issues.push(...toIssues(parsed.error, [...PM_PATH, 'v3_fields']));
  }
  if (isPlainObject(pm.card_extra)) {
    const known = detected.spec === 'chara_card_v3' ? V3_DATA_KEYS : V2_DATA_KEYS;
    const saved = unknownKeys(pm.card_extra, known);
    if (saved) extras.card_extra = { ...saved, ...(extras.card_extra ?? {}) };
  }
  return true;
}

/** Normalises trait words/numbers (trait rule) with issue paths into the card. */
function normalizeCardTraits(c: FieldCollector): Record<string, number> | undefined {
  const traits = TraitsInputSchema.safeParse(c.fields.personality_traits);
  if (c.fields.personality_traits === undefined || !traits.success) return undefined;
  try {
    return normalizeTraits(traits.data, '0-100');
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    c.issues.push(...(err.issues ?? []).map((i) => c.remap(i)));
    return undefined;
  }
}

/**
 * Maps a detected card to persona create input plus verbatim extras (import rules): V1/V2/V3 fields,
 * V2 → `group_only_greetings: []` unless `persona_mcp.v3_fields` restores the V3 fields, our fields from
 * `extensions.persona_mcp`, other extension namespaces and unknown `data` keys kept as they were.
 */
export function cardToPersonaInput(detected: DetectedCard): CardImport {
  const warnings: string[] = [];
  const c = new FieldCollector();
  const extras: CardExtras = {
    assets: [], source: [], character_book: null, creator_notes_multilingual: null, card_extra: null, extensions: {},
  };
  let mcpApplied = false;
  if (detected.spec === 'chara_card_v1') {
    for (const key of V1_FIELDS) c.put(key, detected.card[key], [key]);
    extras.card_extra = unknownKeys(detected.raw, V1_FIELDS);
  } else {
    const data = detected.card.data;
    for (const key of V1_FIELDS) c.put(key, data[key], ['data', key]);
    for (const key of V2_TEXT_KEYS) c.put(key, data[key], ['data', key]);
    const book = data.character_book;
    if (book && Array.isArray(book.entries) && book.entries.length > MAX_BOOK_ENTRIES) {
      c.issues.push({ path: ['data', 'character_book', 'entries'], code: 'too_big', message: `at most ${MAX_BOOK_ENTRIES} entries` });
    }
    extras.character_book = book;
    extras.extensions = Object.fromEntries(Object.entries(data.extensions).filter(([k]) => k !== 'persona_mcp'));
    if (detected.spec === 'chara_card_v3') {
      applyV3Fields(detected.card.data, ['data'], c, extras, warnings);
      extras.card_extra = unknownKeys(detected.raw, V3_DATA_KEYS);
    } else {
      c.put('group_only_greetings', [], ['data']);
      extras.card_extra = unknownKeys(detected.raw, V2_DATA_KEYS);
    }
    if (data.extensions.persona_mcp !== undefined) {
      mcpApplied = applyPersonaMcp(data.extensions.persona_mcp, detected, c, extras, warnings);
    }
  }
  const parsed = PersonaCreateInputSchema.safeParse(c.fields);
  if (!parsed.success) c.issues.push(...toIssues(parsed.error).map((i) => c.remap(i)));
  const traits = normalizeCardTraits(c);
  if (c.issues.length || !parsed.success) {
    throw new AppError('INVALID_PARAMS', 'Invalid character card', { issues: c.issues });
  }
  const input: PersonaCreateInput = { ...parsed.data };
  if (traits !== undefined) input.personality_traits = traits;
  // Our own export wrote the trait summary into an empty `personality`; restore the empty text.
  if (mcpApplied && traits && Object.keys(traits).length && input.personality === traitSummary(traits)) input.personality = '';
  return { spec: detected.spec, input, extras, warnings };
}

/**
 * Character Card V1/V2/V3 JSON shapes and spec detection. Tolerant: missing or null optional
 * strings/arrays default; unknown `data` keys are preserved; `extensions`, `character_book` and
 * asset objects are kept by reference (verbatim).
 */
import { z } from 'zod';
import { AppError, type ValidationIssue } from '../../shared/index.ts';

/** Spec names a card can be detected as (persona.import `source_spec`). */
export type CardSpec = 'chara_card_v1' | 'chara_card_v2' | 'chara_card_v3';

/** The six V1 fields (also mirrored at the root of an exported V2 card). */
export const V1_FIELDS = ['name', 'description', 'personality', 'scenario', 'first_mes', 'mes_example'] as const;
/** Top-level `data` keys of a V2 card. */
export const V2_DATA_KEYS: readonly string[] = [
  ...V1_FIELDS, 'creator_notes', 'system_prompt', 'post_history_instructions', 'alternate_greetings',
  'character_book', 'tags', 'creator', 'character_version', 'extensions',
];
/** `data` keys that only V3 has (exported as V2 they go to `extensions.persona_mcp.v3_fields`). */
export const V3_ONLY_KEYS = [
  'assets', 'nickname', 'creator_notes_multilingual', 'source', 'group_only_greetings', 'creation_date', 'modification_date',
] as const;
/** Top-level `data` keys of a V3 card. */
export const V3_DATA_KEYS: readonly string[] = [...V2_DATA_KEYS, ...V3_ONLY_KEYS];

/** A plain JSON object (not an array, not null), returned by reference. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const plainObject = z.custom<Record<string, unknown>>(isPlainObject, { message: 'must be an object' });
const text = z.string().nullish().transform((v) => v ?? '');
const textList = z.array(z.string()).nullish().transform((v) => v ?? []);
const versionText = z.union([z.string(), z.number()]).nullish().transform((v) => (v === null || v === undefined ? '' : String(v)));
const unixSeconds = z.number().nullish().transform((v) => v ?? null);

const v1Shape = {
  name: z.string({ message: 'name is required' }),
  description: text, personality: text, scenario: text, first_mes: text, mes_example: text,
};
const v2Shape = {
  ...v1Shape,
  creator_notes: text, system_prompt: text, post_history_instructions: text,
  alternate_greetings: textList, tags: textList, creator: text, character_version: versionText,
  character_book: plainObject.nullish().transform((v) => v ?? null),
  extensions: plainObject.nullish().transform((v) => v ?? {}),
};
/** V3-only `data` fields (also the shape of `extensions.persona_mcp.v3_fields`). */
export const V3OnlyFieldsSchema = z.object({
  assets: z.array(plainObject).nullish().transform((v) => v ?? []),
  nickname: z.string().nullish().transform((v) => v ?? null),
  creator_notes_multilingual: z.record(z.string(), z.string()).nullish().transform((v) => v ?? null),
  source: textList,
  group_only_greetings: textList,
  creation_date: unixSeconds,
  modification_date: unixSeconds,
});

/** V1 card: flat fields at the root (unknown root keys kept). */
export const CardV1Schema = z.looseObject(v1Shape);
/** V2 `data` object. */
export const CardDataV2Schema = z.looseObject(v2Shape);
/** V3 `data` object: V2 fields plus the V3-only ones. */
export const CardDataV3Schema = z.looseObject({ ...v2Shape, ...V3OnlyFieldsSchema.shape });
/** `{spec:"chara_card_v2", spec_version, data}`. */
export const CardV2Schema = z.looseObject({
  spec: z.literal('chara_card_v2'), spec_version: versionText, data: CardDataV2Schema,
});
/** `{spec:"chara_card_v3", spec_version, data}`. */
export const CardV3Schema = z.looseObject({
  spec: z.literal('chara_card_v3'), spec_version: versionText, data: CardDataV3Schema,
});

/** A parsed V1 card. */
export type CardV1 = z.infer<typeof CardV1Schema>;
/** A parsed V2 card. */
export type CardV2 = z.infer<typeof CardV2Schema>;
/** A parsed V3 card. */
export type CardV3 = z.infer<typeof CardV3Schema>;
/** V3-only fields, parsed. */
export type V3OnlyFields = z.infer<typeof V3OnlyFieldsSchema>;

/** A detected card: its spec, the parsed card and the raw `data` object (root for V1) it came from. */
export type DetectedCard =
  | { spec: 'chara_card_v1'; card: CardV1; raw: Record<string, unknown> }
  | { spec: 'chara_card_v2'; card: CardV2; raw: Record<string, unknown> }
  | { spec: 'chara_card_v3'; card: CardV3; raw: Record<string, unknown> };

/** Zod issues in wire form, paths prefixed with `prefix` (paths point into the card). */
export function toIssues(error: z.ZodError, prefix: (string | number)[] = []): ValidationIssue[] {
  return error.issues.map((i) => ({
    path: [...prefix, ...i.path.map((p) => (typeof p === 'symbol' ? String(p) : p))],
    code: i.code,
    message: i.message,
  }));
}

function parseOrThrow<T>(schema: z.ZodType<T>, value: unknown): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new AppError('INVALID_PARAMS', 'Invalid character card', { issues: toIssues(parsed.error) });
  return parsed.data;
}

/**
 * Detects the spec of card JSON (an object or JSON text) and validates it: V3/V2 by `spec`, V1 when
 * there is no `spec` but a root `name`. Unknown spec → UNSUPPORTED_FORMAT; bad fields → INVALID_PARAMS.
 */
export function detectCard(json: unknown): DetectedCard {
  let value = json;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value) as unknown;
    } catch {
      throw new AppError('INVALID_PARAMS', 'Card is not valid JSON', { issues: [{ path: [], code: 'invalid_json', message: 'card is not valid JSON' }] });
    }
  }
  if (!isPlainObject(value)) throw new AppError('UNSUPPORTED_FORMAT', 'Not a character card (expected a JSON object)', { details: { reason: 'not_an_object' } });
  const spec = value.spec;
  if (spec === 'chara_card_v3' || spec === 'chara_card_v2') {
    if (!isPlainObject(value.data)) {
      throw new AppError('INVALID_PARAMS', 'Invalid character card', { issues: [{ path: ['data'], code: 'invalid_type', message: 'data must be an object' }] });
    }
    return spec === 'chara_card_v3'
      ? { spec, card: parseOrThrow(CardV3Schema, value), raw: value.data }
      : { spec, card: parseOrThrow(CardV2Schema, value), raw: value.data };
  }
  if (spec !== undefined) {
    throw new AppError('UNSUPPORTED_FORMAT', `Unknown card spec ${JSON.stringify(spec)}`, { details: { reason: 'unknown_spec', spec } });
  }
  if (typeof value.name === 'string') return { spec: 'chara_card_v1', card: parseOrThrow(CardV1Schema, value), raw: value };
  throw new AppError('UNSUPPORTED_FORMAT', 'Not a character card (no spec and no name)', { details: { reason: 'unknown_spec' } });
}

/** Keys of `raw` that are not known to `known`, in their original order, copied verbatim; null if none. */
export function unknownKeys(raw: Record<string, unknown>, known: readonly string[]): Record<string, unknown> | null {
  const entries = Object.entries(raw).filter(([k]) => !known.includes(k));
  return entries.length ? Object.fromEntries(entries) : null;
}

/** Export file name: lower-case name, runs outside [a-z0-9] → '-', trimmed of '-'; "persona" if empty. */
export function cardFilename(name: string, format: 'json' | 'png'): string {
  const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  return `${slug || 'persona'}.${format}`;
}

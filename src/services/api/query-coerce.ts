// Query strings carry only text: GET/DELETE inputs are coerced to what the operation's zod input
// expects (numbers, booleans, arrays as repeated keys or comma-separated, objects as JSON, a
// participant as its key) before validation. Text that does not convert is passed on unchanged so
// zod reports it as INVALID_PARAMS.
import type { z } from 'zod';
import { ParticipantInputSchema, defOf, shapeOf, unwrapSchema } from '../../shared/index.ts';

/** How a participant filter is written in a query string (OpenAPI description). */
export const PARTICIPANT_QUERY = 'Participant key `platform:id` (e.g. `api:bob`, `matrix:@bob:example.org`); a bare id is on platform `api`; the JSON object form is accepted too';

/** True when `schema` is (a wrapper of) the participant input object. */
export function isParticipantInput(schema: z.ZodType): boolean {
  return unwrapSchema(schema) === ParticipantInputSchema;
}

/** A participant key as the participant input: `platform:id` splits at the first colon; a bare id keeps the default platform. */
export function participantFromKey(text: string): unknown {
  if (text.trimStart().startsWith('{')) {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return text;
    }
  }
  const colon = text.indexOf(':');
  return colon === -1 ? { id: text } : { platform: text.slice(0, colon), id: text.slice(colon + 1) };
}

/** The property schemas of an object input (empty for anything else). */
export function inputShape(schema: z.ZodType): Record<string, z.ZodType> {
  return shapeOf(unwrapSchema(schema)) ?? {};
}

function coerceScalar(text: string, schema: z.ZodType): unknown {
  if (isParticipantInput(schema)) return participantFromKey(text);
  const def = defOf(unwrapSchema(schema));
  switch (def.type) {
    case 'number':
    case 'int': {
      const n = text.trim() === '' ? Number.NaN : Number(text);
      return Number.isFinite(n) ? n : text;
    }
    case 'boolean':
      if (text === 'true' || text === '1') return true;
      if (text === 'false' || text === '0') return false;
      return text;
    case 'object':
    case 'record':
      try {
        return JSON.parse(text) as unknown;
      } catch {
        return text;
      }
    case 'union':
      for (const option of def.options ?? []) {
        const v = coerceScalar(text, option);
        if (v !== text) return v;
      }
      return text;
    default:
      return text;
  }
}

/** Coerces one query value (string or repeated strings) to the type `schema` expects. */
export function coerceQueryValue(value: string | string[], schema: z.ZodType | undefined): unknown {
  if (!schema) return value;
  const def = defOf(unwrapSchema(schema));
  if (def.type === 'array' && def.element) {
    const items = (Array.isArray(value) ? value : [value]).flatMap((v) => (v.includes(',') ? v.split(',') : [v])).filter((v) => v !== '');
    return items.map((item) => coerceScalar(item, def.element as z.ZodType));
  }
  const last = Array.isArray(value) ? value[value.length - 1] ?? '' : value;
  return coerceScalar(last, schema);
}

/** Coerces a parsed query object against an operation input schema. */
export function coerceQuery(query: Record<string, string | string[] | undefined>, schema: z.ZodType): Record<string, unknown> {
  const shape = inputShape(schema);
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined) continue;
    out[key] = coerceQueryValue(value, shape[key]);
  }
  return out;
}

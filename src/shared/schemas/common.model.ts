import { z } from 'zod';

/** A UUID (entity ids are UUIDv4 strings; any RFC 4122 layout is accepted on input). */
export const IdSchema = z.uuid();

/** ISO-8601 UTC timestamp with milliseconds and `Z`, as the wire and the database carry it. */
export const TimestampSchema = z.iso.datetime({ offset: false });
/** ISO-8601 UTC timestamp string. */
export type Timestamp = z.infer<typeof TimestampSchema>;

/** A persona reference: an id or a name (case-insensitive). */
export const PersonaRefSchema = z.string().trim().min(1, 'persona reference is empty').max(128).describe('Persona id or name');

/** Memory visibility (docs/memory.md "What a persona remembers" and "Whom a persona tells"). */
export const VisibilitySchema = z.enum(['private', 'shared', 'public']);
/** private | shared | public. */
export type Visibility = z.infer<typeof VisibilitySchema>;

/** `limit` 1–200 (default 50) and `offset` ≥ 0 (default 0). */
export const PaginationSchema = z.object({
  limit: z.number().int().min(1).max(200).default(50),
  offset: z.number().int().min(0).default(0),
});

// Runtime-neutral byte count (the renderer imports these schemas; browsers have no Buffer).
const utf8Bytes = new TextEncoder();

/** A JSON object with a serialized size cap (metadata, extensions). */
export function jsonObjectSchema(maxBytes: number) {
  return z.record(z.string(), z.unknown()).refine(
    (value) => utf8Bytes.encode(JSON.stringify(value)).length <= maxBytes,
    { message: `must serialize to at most ${maxBytes} bytes of JSON` },
  );
}

/** Text without control characters other than tab, newline and carriage return. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point of this check
export const NoControlCharsSchema = z.string().refine((s) => !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(s), {
  message: 'must not contain control characters',
});

/** Milliseconds of an ISO timestamp; `toISOString()`'s form (the one stored) is read without Date.parse. */
export function isoMillis(s: string): number {
  if (s.length !== 24 || s.charCodeAt(23) !== 90 /* Z */ || s.charCodeAt(10) !== 84 /* T */) return Date.parse(s);
  const n = (from: number, len: number): number => {
    let v = 0;
    for (let i = from; i < from + len; i += 1) {
      const d = s.charCodeAt(i) - 48;
      if (d < 0 || d > 9) return NaN;
      v = v * 10 + d;
    }
    return v;
  };
  const t = Date.UTC(n(0, 4), n(5, 2) - 1, n(8, 2), n(11, 2), n(14, 2), n(17, 2), n(20, 3));
  return Number.isNaN(t) ? Date.parse(s) : t;
}

/** Current time as the ISO string the wire uses. */
export function isoNow(now: Date = new Date()): string {
  return now.toISOString();
}

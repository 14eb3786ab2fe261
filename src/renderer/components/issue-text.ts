// Plain-language text for validation issues (the shared zod schemas' local issues, or the issues of a
// server's INVALID_PARAMS answer), naming the field by its label: "Name is required" instead of zod's
// "Too small: expected string to have >=1 characters".

/** An issue as zod reports it locally (with `minimum`, `expected`… when known) or as the server sends it. */
export interface IssueLike {
  readonly path: readonly PropertyKey[];
  readonly message: string;
  readonly code?: string;
}

/** A detail zod adds to an issue (`minimum`, `origin`, `expected`, `values`, `format`, `keys`), when present. */
const detail = (issue: IssueLike, key: string): unknown => (issue as unknown as Record<string, unknown>)[key];

/** Form labels by top-level field name of the shared schema. */
export type FieldLabels = Readonly<Record<string, string>>;

/** Field errors keyed by the top-level input field name (`form` for issues about the whole input). */
export type FieldErrors = Partial<Record<string, string>>;

/** The label of a schema field: the form's label, else the field name in words (`speaking_style` → `Speaking style`). */
export function fieldLabel(name: string, labels: FieldLabels = {}): string {
  const words = labels[name] ?? name.replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

interface Bound { origin: string; value: number; inclusive: boolean }

/** The bound of a too_small/too_big issue, from zod's fields or (server issues) parsed from its message. */
function boundOf(issue: IssueLike, key: 'minimum' | 'maximum'): Bound | null {
  const value = detail(issue, key);
  if (typeof value === 'number' || typeof value === 'bigint') {
    return { origin: String(detail(issue, 'origin') ?? ''), value: Number(value), inclusive: detail(issue, 'inclusive') !== false };
  }
  const m = /expected (\w+) to (?:have|be) ([<>]=?)(-?\d+(?:\.\d+)?)/.exec(issue.message);
  return m ? { origin: m[1] ?? '', value: Number(m[3]), inclusive: (m[2] ?? '').endsWith('=') } : null;
}

const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

function sizeText(b: Bound, side: 'min' | 'max'): string | null {
  const n = b.value;
  if (b.origin === 'string') {
    if (side === 'min') return n <= 1 ? 'is required' : `needs at least ${count(n, 'character', 'characters')}`;
    return `can be at most ${count(n, 'character', 'characters')}`;
  }
  if (b.origin === 'array' || b.origin === 'set') {
    if (side === 'min') return n <= 1 ? 'needs at least one entry' : `needs at least ${count(n, 'entry', 'entries')}`;
    return `can have at most ${count(n, 'entry', 'entries')}`;
  }
  if (b.origin === 'number' || b.origin === 'int' || b.origin === 'bigint') {
    if (side === 'min') return b.inclusive ? `must be at least ${n}` : `must be more than ${n}`;
    return b.inclusive ? `must be at most ${n}` : `must be less than ${n}`;
  }
  return null;
}

const TYPE_TEXT: Record<string, string> = {
  int: 'must be a whole number', number: 'must be a number', string: 'must be text', boolean: 'must be on or off',
  array: 'must be a list', object: 'must be a set of fields', date: 'must be a date',
};

const FORMAT_TEXT: Record<string, string> = {
  url: 'must be a web address such as https://example.org', email: 'must be an e-mail address', uuid: 'must be an id (UUID)',
  datetime: 'must be a date and time', regex: 'is not in the expected form',
};

/** The predicate of an issue ("is required", "must be at most 20"), or null when only its own message says it. */
function predicate(issue: IssueLike): string | null {
  const msg = issue.message;
  switch (issue.code) {
    case 'too_small': { const b = boundOf(issue, 'minimum'); return b ? sizeText(b, 'min') : null; }
    case 'too_big': { const b = boundOf(issue, 'maximum'); return b ? sizeText(b, 'max') : null; }
    case 'invalid_type': {
      const given = detail(issue, 'expected');
      const expected = typeof given === 'string' ? given : /expected (\w+)/.exec(msg)?.[1] ?? '';
      if (/received undefined/.test(msg)) return 'is required';
      return TYPE_TEXT[expected] ?? null;
    }
    case 'invalid_value': {
      const listedValues = detail(issue, 'values');
      const values = Array.isArray(listedValues) ? listedValues.map(String) : null;
      if (values) return values.length === 1 ? `must be ${values[0]}` : `must be one of: ${values.join(', ')}`;
      const listed = /expected one of (.+)$/.exec(msg)?.[1];
      return listed ? `must be one of: ${listed.replace(/"/g, '').replace(/\|/g, ', ')}` : null;
    }
    case 'invalid_format': {
      const given = detail(issue, 'format');
      const format = typeof given === 'string' ? given : /Invalid (\w+)/i.exec(msg)?.[1]?.toLowerCase() ?? '';
      return FORMAT_TEXT[format] ?? FORMAT_TEXT.regex ?? null;
    }
    case 'unrecognized_keys': {
      const keys = detail(issue, 'keys');
      return Array.isArray(keys) ? `has unknown fields: ${keys.join(', ')}` : null;
    }
    default: {
      const m = /^Too (small|big)/.test(msg) ? boundOf(issue, /small/.test(msg) ? 'minimum' : 'maximum') : null;
      return m ? sizeText(m, /small/.test(msg) ? 'min' : 'max') : null;
    }
  }
}

/** One issue in plain words, naming the field by its label ("Charisma must be at most 20"). */
export function issueText(issue: IssueLike, labels: FieldLabels = {}): string {
  const [head, ...rest] = issue.path.map((p) => String(p));
  const subject = head === undefined ? '' : `${fieldLabel(head, labels)}${rest.length ? ` › ${rest.join(' › ')}` : ''}`;
  const said = predicate(issue);
  if (said) return subject ? `${subject} ${said}` : `The input ${said}`;
  // A message written for people (custom refinements, the server's own): keep it, after the field.
  const own = issue.message.charAt(0).toUpperCase() + issue.message.slice(1);
  return subject ? `${subject}: ${issue.message}` : own;
}

/** Maps issues (local zod or the server's) to one plain message per top-level field. */
export function issuesToErrors(issues: readonly IssueLike[], labels: FieldLabels = {}): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of issues) {
    const key = issue.path.length ? String(issue.path[0]) : 'form';
    errors[key] ??= issueText(issue, labels);
  }
  return errors;
}

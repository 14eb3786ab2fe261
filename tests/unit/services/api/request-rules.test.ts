import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { isAppError, unwrapSchema } from '../../../../src/shared/index.ts';
import { OPERATION_TABLE } from '../../../../src/core/index.ts';
import { MAX_PATH_PARAM_LENGTH, charsetOf, checkBody, parseJsonBody } from '../../../../src/services/api/request-rules.ts';
import { bodyRuleOf } from '../../../../src/services/api/rest-routes.ts';
import { inputShape } from '../../../../src/services/api/query-coerce.ts';

const codeOf = (fn: () => unknown): string | undefined => {
  try {
    fn();
    return undefined;
  } catch (err) {
    return isAppError(err) ? err.code : 'not an AppError';
  }
};

describe('parseJsonBody', () => {
  it('reads the charset parameter in any spelling', () => {
    expect(charsetOf('application/json')).toBeUndefined();
    expect(charsetOf('application/json; charset=UTF-8')).toBe('utf-8');
    expect(charsetOf('application/json;foo=bar; Charset="utf-16le"')).toBe('utf-16le');
  });

  it('takes UTF-8 or no charset; no bytes is no body; anything else must be JSON', () => {
    expect(parseJsonBody('application/json', '')).toBeUndefined();
    expect(parseJsonBody('application/json; charset=utf8', '{"a":1}')).toEqual({ a: 1 });
    expect(parseJsonBody(undefined, 'null')).toBeNull();
    for (const text of [' ', '\r\n', '\ufeff', '\ufeff{}', '{']) expect(codeOf(() => parseJsonBody('application/json', text)), JSON.stringify(text)).toBe('PARSE_ERROR');
    for (const type of ['application/json; charset=utf-16', 'application/json; charset=latin1', 'application/json; charset=']) {
      expect(codeOf(() => parseJsonBody(type, '{}')), type).toBe('UNSUPPORTED_FORMAT');
    }
  });

  it('drops __proto__ keys', () => {
    const parsed = parseJsonBody('application/json', '{"__proto__":{"polluted":1},"a":2}') as Record<string, unknown>;
    expect(parsed).toEqual({ a: 2 });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('checkBody', () => {
  it('object: no body or a JSON object; none: no body or {}', () => {
    for (const ok of [undefined, {}, { a: 1 }]) expect(codeOf(() => checkBody('object', ok))).toBeUndefined();
    for (const bad of [null, [], 0, 'x', false]) expect(codeOf(() => checkBody('object', bad))).toBe('INVALID_PARAMS');
    for (const ok of [undefined, {}]) expect(codeOf(() => checkBody('none', ok))).toBeUndefined();
    for (const bad of [null, [], 0, 'x', { a: 1 }]) expect(codeOf(() => checkBody('none', bad))).toBe('INVALID_PARAMS');
  });

  it('an operation route takes none for GET/DELETE and for an input made of path parameters only', () => {
    const rules = Object.fromEntries(OPERATION_TABLE.operations.filter((op) => op.rest).map((op) => [op.name, bodyRuleOf(op)]));
    expect(rules).toMatchObject({
      'persona.list': 'none', 'persona.delete': 'none', 'memory.delete': 'none', 'memory.decay_stop': 'none', 'memory.restore': 'none',
      'persona.create': 'object', 'memory.decay_start': 'object', 'persona.update': 'object',
    });
  });
});

describe('MAX_PATH_PARAM_LENGTH', () => {
  const params = OPERATION_TABLE.operations.flatMap((op) => {
    if (!op.rest) return [];
    const shape = inputShape(op.input);
    return [...op.rest.path.matchAll(/:([a-z0-9_]+)/gi)].map((m) => ({ op: op.name, name: m[1] as string, schema: shape[m[1] as string] }));
  });

  it('is what the longest path parameter schema allows, and every path parameter fits', () => {
    const limits = params.map(({ op, name, schema }) => {
      expect(schema, `${op} :${name}`).toBeDefined();
      const inner = unwrapSchema(schema as z.ZodType) as z.ZodString;
      // A UUID has no maxLength but is 36 characters.
      const limit = inner.maxLength ?? (inner.safeParse('00000000-0000-4000-8000-000000000000').success ? 36 : Number.POSITIVE_INFINITY);
      expect(limit, `${op} :${name}`).toBeLessThanOrEqual(MAX_PATH_PARAM_LENGTH);
      return limit;
    });
    expect(Math.max(...limits)).toBe(MAX_PATH_PARAM_LENGTH);
  });
});

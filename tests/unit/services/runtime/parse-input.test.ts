import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { parseInput } from '../../../../src/services/runtime/index.ts';

const Schema = z.strictObject({ name: z.string().min(1), n: z.number().int().default(3) });

describe('parseInput', () => {
  it('returns the parsed value (defaults applied)', () => {
    expect(parseInput(Schema, { name: 'a' })).toEqual({ name: 'a', n: 3 });
  });

  it('throws INVALID_PARAMS with the message and every issue', () => {
    let caught: unknown;
    try {
      parseInput(Schema, { name: '', n: 1.5, extra: true }, 'Invalid token request');
    } catch (err) {
      caught = err;
    }
    expect(caught).toMatchObject({ code: 'INVALID_PARAMS', message: 'Invalid token request' });
    const paths = ((caught as { issues: { path: (string | number)[] }[] }).issues ?? []).map((i) => i.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['name', 'n']));
    expect(() => parseInput(Schema, null)).toThrow('Invalid params');
  });
});

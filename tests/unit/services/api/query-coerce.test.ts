import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ParticipantInputSchema } from '../../../../src/shared/index.ts';
import { coerceQuery, inputShape } from '../../../../src/services/api/query-coerce.ts';

const Input = z.object({
  limit: z.number().int().min(1).default(50),
  ratio: z.number().optional(),
  hard: z.boolean().default(false),
  types: z.array(z.enum(['fact', 'observation'])).optional(),
  ids: z.array(z.number()).optional(),
  participant: z.object({ id: z.string() }).optional(),
  query: z.string().optional(),
}).refine(() => true);

describe('coerceQuery', () => {
  it('turns query text into the types the input schema wants', () => {
    const out = coerceQuery({ limit: '5', ratio: '0.25', hard: 'true', types: ['fact', 'observation'], ids: '1,2,3', participant: '{"id":"bob"}', query: '42' }, Input);
    expect(out).toEqual({ limit: 5, ratio: 0.25, hard: true, types: ['fact', 'observation'], ids: [1, 2, 3], participant: { id: 'bob' }, query: '42' });
    expect(Input.safeParse(out).success).toBe(true);
  });

  it('leaves text that does not convert, so validation reports it', () => {
    const out = coerceQuery({ limit: 'ten', hard: 'yes', participant: '{bad', ratio: '' }, Input);
    expect(out).toEqual({ limit: 'ten', hard: 'yes', participant: '{bad', ratio: '' });
    const parsed = Input.safeParse(out);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => i.path[0]).sort()).toEqual(['hard', 'limit', 'participant', 'ratio']);
  });

  it('accepts 1/0 as booleans, a single value for an array, and the last of repeated scalars', () => {
    expect(coerceQuery({ hard: '0', types: 'fact', limit: ['1', '7'] }, Input)).toEqual({ hard: false, types: ['fact'], limit: 7 });
  });

  it('reads a participant as its key `platform:id` (first colon), a bare id, or the JSON object', () => {
    const Filter = z.object({ participant: ParticipantInputSchema.optional() });
    expect(coerceQuery({ participant: 'matrix:@bob:hs.example' }, Filter)).toEqual({ participant: { platform: 'matrix', id: '@bob:hs.example' } });
    expect(coerceQuery({ participant: 'bob' }, Filter)).toEqual({ participant: { id: 'bob' } });
    expect(coerceQuery({ participant: '{"id":"bob","platform":"api"}' }, Filter)).toEqual({ participant: { id: 'bob', platform: 'api' } });
    expect(Filter.safeParse(coerceQuery({ participant: 'API:bob' }, Filter)).data).toEqual({ participant: { platform: 'api', id: 'bob' } });
    for (const bad of [':bob', 'api:', 'bad platform:x', '{"id":']) expect(Filter.safeParse(coerceQuery({ participant: bad }, Filter)).success, bad).toBe(false);
  });

  it('keeps unknown keys as text (the operation strips them)', () => {
    expect(coerceQuery({ extra: '1' }, Input)).toEqual({ extra: '1' });
  });

  it('finds the shape under refinements, defaults and optionals', () => {
    expect(Object.keys(inputShape(Input))).toContain('limit');
    expect(inputShape(z.string())).toEqual({});
  });
});

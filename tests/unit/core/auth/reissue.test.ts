import { afterEach, describe, expect, it } from 'vitest';
import { createTestCore, type TestCore } from '../../../support/core-harness.ts';

let t: TestCore;
afterEach(async () => t.close());

describe('service tokens', () => {
  it('reissue revokes the previous token of that name (its connections close) and leaves other tokens alone', async () => {
    t = await createTestCore();
    const other = await t.core.tokens.issue('npc', ['read']);
    const first = await t.core.tokens.reissue('bots', ['read', 'chat', 'write']);
    const before = t.core.tokens.generation();
    const second = await t.core.tokens.reissue('bots', ['read', 'chat', 'write']);
    expect(t.core.tokens.verify(first.token)).toBeNull();
    expect(t.core.tokens.verify(second.token)?.scopes).toEqual(['read', 'chat', 'write']);
    expect(t.core.tokens.verify(other.token)?.token_id).toBe(other.id);
    expect(t.core.tokens.generation()).toBe(before + 1);
    expect((await t.core.tokens.list()).filter((x) => x.name === 'bots' && x.revoked_at === null)).toHaveLength(1);
  });
});

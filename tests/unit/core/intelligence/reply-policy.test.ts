import { describe, expect, it } from 'vitest';
import { replyDraw, replyProbability, shouldReply, type ReplyContext } from '../../../../src/core/intelligence/reply-policy.model.ts';

const ctx = (over: Partial<ReplyContext> = {}): ReplyContext => ({
  mode: 'smart', body: 'hello', sender: '@bob:localhost', bot_user_id: '@aria:localhost', persona_name: 'Aria', mentioned: false,
  ignored: false, before_start: false, sender_is_known_bot: false, bot_chain_exceeded: false, direct_room: false, ...over,
});

describe('Matrix reply policy (§10, draw vectors §13.10)', () => {
  it('the draw is deterministic per event and bot', () => {
    expect(replyDraw('$ev1:localhost', '@aria:localhost')).toBeCloseTo(0.95071, 5);
    expect(replyDraw('$ev1:localhost', '@kira:localhost')).toBeCloseTo(0.01023, 5);
    const q = ctx({ body: 'Does anyone know the way?' });
    expect(replyProbability(q)).toBe(0.6);
    expect(shouldReply({ ...q, bot_user_id: '@kira:localhost', persona_name: 'Kira' }, '$ev1:localhost')).toBe(true);
    expect(shouldReply(q, '$ev1:localhost')).toBe(false);
  });

  it('rules in order', () => {
    expect(replyProbability(ctx({ sender: '@aria:localhost', mentioned: true }))).toBe(0);
    expect(replyProbability(ctx({ ignored: true, mentioned: true }))).toBe(0);
    expect(replyProbability(ctx({ mentioned: true, sender_is_known_bot: true }))).toBe(1);
    expect(replyProbability(ctx({ body: 'Aria, sing!' }))).toBe(1);
    expect(replyProbability(ctx({ body: 'Arianna is here' }))).toBe(1);
    expect(replyProbability(ctx({ body: 'where is aria' }))).toBe(1);
    expect(replyProbability(ctx({ body: 'well, I think aria said that yesterday' }))).toBe(0);
    expect(replyProbability(ctx({ body: 'hi', sender_is_known_bot: true }))).toBe(0);
    expect(replyProbability(ctx({ body: 'anything', direct_room: true }))).toBe(1);
    expect(replyProbability(ctx({ body: 'Hello everyone!' }))).toBe(0.8);
    expect(replyProbability(ctx({ body: 'hey there' }))).toBe(0.7);
    expect(replyProbability(ctx({ body: 'how are you doing today' }))).toBe(0.5);
    expect(replyProbability(ctx({ body: 'the weather is fine' }))).toBe(0);
    expect(replyProbability(ctx({ mode: 'mention', body: 'what is this?' }))).toBe(0);
    expect(replyProbability(ctx({ mode: 'always', body: 'the weather is fine' }))).toBe(1);
  });
});

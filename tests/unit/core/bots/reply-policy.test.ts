import { describe, expect, it } from 'vitest';
import {
  botChainExceeded, mentionsBot, replyDraw, replyProbability, shouldReply, type ReplyContext,
} from '../../../../src/core/bots/reply-policy.model.ts';
import { fnv1a32 } from '../../../../src/core/text/text.model.ts';

const ctx = (over: Partial<ReplyContext> = {}): ReplyContext => ({
  mode: 'smart', body: 'hello', sender: '@bob:localhost', bot_user_id: '@aria:localhost', persona_name: 'Aria', mentioned: false,
  ignored: false, before_start: false, sender_is_known_bot: false, bot_chain_exceeded: false, direct_room: false, ...over,
});
const shown = (x: number, figure: number, decimals: number) => expect(Math.abs(x - figure)).toBeLessThanOrEqual(0.5 * 10 ** -decimals + 1e-12);

// Reply-policy test vectors.
describe('determinism helpers (test vectors)', () => {
  it('fnv1a32("a") = 0xe40c292c, fnv1a32("") = 0x811c9dc5', () => {
    expect(fnv1a32('a')).toBe(0xe40c292c);
    expect(fnv1a32('')).toBe(0x811c9dc5);
  });

  it('bot draw u("$ev1:localhost", "@aria:localhost") / "@kira:localhost" = 0.95071 / 0.01023', () => {
    shown(replyDraw('$ev1:localhost', '@aria:localhost'), 0.95071, 5);
    shown(replyDraw('$ev1:localhost', '@kira:localhost'), 0.01023, 5);
    expect(replyDraw('$ev1:localhost', '@aria:localhost')).toBe(fnv1a32('$ev1:localhost:@aria:localhost') / 2 ** 32);
  });

  it('so at p .6 Kira answers and Aria does not', () => {
    const q = ctx({ body: 'Does anyone know the way?' });
    expect(replyProbability(q)).toBe(0.6);
    expect(shouldReply({ ...q, bot_user_id: '@kira:localhost', persona_name: 'Kira' }, '$ev1:localhost')).toBe(true);
    expect(shouldReply(q, '$ev1:localhost')).toBe(false);
  });
});

describe('Matrix reply policy, smart mode', () => {
  it.each([
    ['1: own message, even mentioned', { sender: '@aria:localhost', mentioned: true }, 0],
    ['1: ignored user', { ignored: true, mentioned: true }, 0],
    ['1: before the bot started', { before_start: true, direct_room: true }, 0],
    ['2: mentioned', { body: 'the weather', mentioned: true }, 1],
    ['2: a mentioning known bot within the chain', { mentioned: true, sender_is_known_bot: true }, 1],
    ['3: starts with the name and a non-letter', { body: 'Aria, sing something for the whole tavern tonight!' }, 1],
    ['3: the name alone', { body: 'aria' }, 1],
    ['4: short and contains the name', { body: 'where is aria' }, 1],
    ['4: substring counts', { body: 'Arianna is here' }, 1],
    ['3/4 miss: long and not at the start', { body: 'well, I think aria said that yesterday' }, 0],
    ['3 miss: a longer word at the start (rule 4 misses on length)', { body: 'Arianna went to the market this morning' }, 0],
    ['5: a known bot', { body: 'hi', sender_is_known_bot: true }, 0],
    ['6: direct room', { body: 'anything', direct_room: true }, 1],
    ['7: hello everyone', { body: 'Hello everyone!' }, 0.8],
    ['7: hi all', { body: 'ok hi all' }, 0.8],
    ['7: good evening', { body: 'Good evening, folks of the inn' }, 0.8],
    ['8: ≤ 2 words with a greeting', { body: 'hey there' }, 0.7],
    ['8 miss: three words', { body: 'hey there you' }, 0],
    ['9: "?" and ≥ 3 words', { body: 'what is this?' }, 0.6],
    ['9 miss: "?" with 2 words', { body: 'really now?' }, 0],
    ['10: small talk', { body: 'how are you doing today' }, 0.5],
    ['10: curly apostrophe', { body: 'I’m good thanks' }, 0.5],
    ['11: otherwise', { body: 'the weather is fine' }, 0],
  ] as const)('rule %s', (_name, over, p) => {
    expect(replyProbability(ctx(over))).toBe(p);
  });

  it('the bot chain stops bot → bot replies even when mentioned', () => {
    expect(replyProbability(ctx({ mentioned: true, sender_is_known_bot: true, bot_chain_exceeded: true }))).toBe(0);
    expect(replyProbability(ctx({ body: 'Aria?', sender_is_known_bot: true, bot_chain_exceeded: true }))).toBe(0);
    expect([botChainExceeded(1, 2), botChainExceeded(2, 2), botChainExceeded(0, 0)]).toEqual([false, true, true]);
  });
});

describe('mention and always modes', () => {
  it('mention: rules 1–5 only', () => {
    expect(replyProbability(ctx({ mode: 'mention', body: 'what is this?' }))).toBe(0);
    expect(replyProbability(ctx({ mode: 'mention', body: 'hi', direct_room: true }))).toBe(0);
    expect(replyProbability(ctx({ mode: 'mention', mentioned: true }))).toBe(1);
    expect(replyProbability(ctx({ mode: 'mention', body: 'Aria: play' }))).toBe(1);
  });

  it('always: every non-bot message; bots only when mentioned', () => {
    expect(replyProbability(ctx({ mode: 'always', body: 'the weather is fine' }))).toBe(1);
    expect(replyProbability(ctx({ mode: 'always', sender_is_known_bot: true }))).toBe(0);
    expect(replyProbability(ctx({ mode: 'always', sender_is_known_bot: true, mentioned: true }))).toBe(1);
    expect(replyProbability(ctx({ mode: 'always', sender: '@aria:localhost' }))).toBe(0);
  });
});

describe('mention detection (rule 2)', () => {
  const bot = '@aria:localhost';
  it('m.mentions.user_ids, a pill, or @localpart', () => {
    expect(mentionsBot({ body: 'x', mention_user_ids: [bot] }, bot)).toBe(true);
    expect(mentionsBot({ body: 'Aria', formatted_body: '<a href="https://matrix.to/#/@aria:localhost">Aria</a>' }, bot)).toBe(true);
    expect(mentionsBot({ body: 'Aria', formatted_body: '<a href="https://matrix.to/#/%40aria%3Alocalhost">Aria</a>' }, bot)).toBe(true);
    expect(mentionsBot({ body: 'hey @Aria, look' }, bot)).toBe(true);
    expect(mentionsBot({ body: '@aria:localhost look' }, bot)).toBe(true);
    expect(mentionsBot({ body: 'hey @arianna' }, bot)).toBe(false);
    expect(mentionsBot({ body: 'mail me at x@aria.org' }, bot)).toBe(false);
    expect(mentionsBot({ body: 'nobody', mention_user_ids: ['@kira:localhost'] }, bot)).toBe(false);
  });
});

describe('group manners: a message addressed to another persona', () => {
  const toKira = { body: 'Kira, what is your favourite song?', addressed_to_other: true };
  it('gets 0 from the probability rules (a question would be .6)', () => {
    expect(replyProbability(ctx({ body: toKira.body }))).toBe(0.6);
    expect(replyProbability(ctx(toKira))).toBe(0);
    expect(replyProbability(ctx({ ...toKira, body: 'hello everyone' }))).toBe(0);
  });
  it('is still answered when it addresses this persona too', () => {
    expect(replyProbability(ctx({ ...toKira, body: 'Aria, ask Kira what her favourite song is' }))).toBe(1);
    expect(replyProbability(ctx({ ...toKira, mentioned: true }))).toBe(1);
  });
});

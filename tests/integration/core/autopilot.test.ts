import { afterEach, describe, expect, it } from 'vitest';
import type { AppConfigInput, DomainEvent } from '../../../src/shared/index.ts';
import { runAutopilotTick } from '../../../src/core/conversation/autopilot.service.ts';
import { autopilotAdvances } from '../../../src/core/state/interaction.model.ts';
import { createTestCore, type TestCore } from '../../support/core-harness.ts';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const ARIA = 'a1a1a1a1-0000-4000-8000-000000000001';
const KIRA = 'b2b2b2b2-0000-4000-8000-000000000002';

let t: TestCore | undefined;
let events: DomainEvent[] = [];
afterEach(async () => {
  await t?.close();
  t = undefined;
});

async function start(autopilot: Record<string, unknown>): Promise<TestCore> {
  const config = { llm: { provider: 'offline' }, conversation: { autopilot } } as AppConfigInput;
  t = await createTestCore({ config });
  events = [];
  t.core.events.subscribe((e) => events.push(e));
  return t;
}

async function until(what: string, check: () => boolean | Promise<boolean>, ms = 8000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const conversations = async (tc: TestCore) => (await tc.call<Json>('conversation.list', { status: 'all' })).conversations as Json[];

describe('the conversation autopilot (conversation.autopilot)', () => {
  it('enabled with a 1 s tick: startJobs starts a conversation of the best pair, plays its first turn and advances it, with events', async () => {
    const tc = await start({ enabled: true, tick_seconds: 1, advance_probability: 1 });
    tc.core.startJobs();
    const status = (await tc.call<Json>('system.status')).jobs.autopilot;
    expect(status).toMatchObject({ enabled: true, running: true, last_run: null });
    expect(status.next_run_at).not.toBeNull();

    // Tick 0 starts Aria + Kira (the only pair, 23.5 ≥ 10) on topics[0] with budget 500 and plays turn 1;
    // tick 1 advances it (probability 1). The clock steps between ticks.
    await until('a first autopilot turn', () => events.some((e) => e.name === 'conversation.turn'));
    tc.clock.advance(60_000);
    await until('a second turn', async () => (await conversations(tc))[0]?.turn_count >= 2);
    await tc.core.jobs.stop('autopilot');
    await tc.core.idle();

    const [conv] = await conversations(tc);
    expect(conv).toMatchObject({ participants: [ARIA, KIRA], topic: 'gossip', token_budget: 500, channel: 'autopilot' });
    const turns = events.filter((e) => e.name === 'conversation.turn' && e.data.conversation_id === conv!.id);
    expect(turns.length).toBeGreaterThanOrEqual(2);
    expect(turns.map((e) => (e.data.turn as Json).turn_number).slice(0, 2)).toEqual([1, 2]);
    expect(events.some((e) => e.name === 'memory.changed')).toBe(true);
    const last = (await tc.call<Json>('system.status')).jobs.autopilot;
    expect(last).toMatchObject({ running: false, conversations_started: 1, last_run: { conversations_started: 1 } });
    expect(last.last_run.ticks).toBeGreaterThanOrEqual(2);
  }, 20_000);

  it('disabled (the default): startJobs starts no autopilot and no conversation appears', async () => {
    const tc = await start({ tick_seconds: 1 });
    tc.core.startJobs();
    await new Promise((r) => setTimeout(r, 1500));
    expect((await tc.call<Json>('system.status')).jobs.autopilot).toMatchObject({ enabled: false, running: false, last_run: null });
    expect(await conversations(tc)).toEqual([]);
  });

  it('a tick follows the draws: topic by tick, advance_probability, max_concurrent, no second pair while both talk', async () => {
    const tc = await start({ advance_probability: 0, max_concurrent: 1, topics: ['a', 'b', 'c'] });
    const first = await runAutopilotTick(tc.core, 7);
    expect(first).toMatchObject({ tick: 7, advanced: [] });
    const conv = (await conversations(tc))[0]!;
    expect(first.started).toBe(conv.id);
    expect(conv).toMatchObject({ topic: 'b', turn_count: 1, status: 'active' });
    // Probability 0: nothing advances; max_concurrent 1 reached: nothing starts.
    tc.clock.advance(60_000);
    expect(await runAutopilotTick(tc.core, 8)).toMatchObject({ advanced: [], started: null });
    expect((await conversations(tc))[0]).toMatchObject({ turn_count: 1 });
  });

  it('advances exactly the conversations whose fnv1a32 draw is below advance_probability', async () => {
    const tc = await start({ advance_probability: 0.5, max_concurrent: 0 });
    const started = await tc.call<Json>('conversation.start', { persona1_id: 'Aria', persona2_id: 'Kira' });
    const id = started.conversation_id as string;
    const cfg = tc.core.config.conversation.autopilot;
    const yes = [...Array(1000).keys()].find((k) => autopilotAdvances(id, k, cfg))!;
    const no = [...Array(1000).keys()].find((k) => !autopilotAdvances(id, k, cfg))!;
    expect(await runAutopilotTick(tc.core, no)).toMatchObject({ advanced: [], started: null });
    expect(await runAutopilotTick(tc.core, yes)).toMatchObject({ advanced: [id], started: null });
    expect((await conversations(tc))[0]).toMatchObject({ id, turn_count: 1 });
  });
});

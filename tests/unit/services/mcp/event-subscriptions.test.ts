import { describe, expect, it } from 'vitest';
import type { DomainEvent } from '../../../../src/shared/index.ts';
import { createEventSubscriptions, MAX_QUEUED_EVENTS, SubscribeParamsSchema } from '../../../../src/services/mcp/event-subscriptions.ts';
import type { RpcNotification } from '../../../../src/services/mcp/jsonrpc.model.ts';

const A = 'a1a1a1a1-0000-4000-8000-000000000001';
const B = 'b2b2b2b2-0000-4000-8000-000000000002';
const ev = (name: DomainEvent['name'], persona_id: string | null, data: Record<string, unknown> = {}): DomainEvent =>
  ({ name, persona_id, at: '2026-11-25T12:00:00.000Z', data });

function setup() {
  const out: RpcNotification[] = [];
  let open = true;
  const subs = createEventSubscriptions((m) => (open ? (out.push(m), true) : false), () => new Date('2026-11-25T12:00:01.000Z'));
  return { subs, out, setOpen: (v: boolean) => { open = v; } };
}

describe('event subscriptions', () => {
  it('delivers events.event with a per-connection seq, filtered by persona and name', () => {
    const { subs, out } = setup();
    const s = subs.subscribe([A], ['emotion.changed', 'persona.*']);
    subs.offer(ev('emotion.changed', A, { x: 1 }));
    subs.offer(ev('emotion.changed', B));
    subs.offer(ev('visual.changed', A));
    subs.offer(ev('persona.updated', A, { name: 'Aria', version: 2 }));
    subs.offer(ev('decay.completed', null));
    expect(out.map((m) => [m.method, m.params.name, m.params.seq, m.params.subscription_id])).toEqual([
      ['events.event', 'emotion.changed', 1, s.subscription_id],
      ['events.event', 'persona.updated', 2, s.subscription_id],
    ]);
    expect(out[0]?.params).toEqual({ subscription_id: s.subscription_id, seq: 1, name: 'emotion.changed', persona_id: A, at: '2026-11-25T12:00:00.000Z', data: { x: 1 } });
  });

  it('delivers everything without filters, once per matching subscription', () => {
    const { subs, out } = setup();
    subs.subscribe(null, null);
    subs.subscribe(null, ['decay.*']);
    subs.offer(ev('decay.completed', null));
    expect(out.map((m) => m.params.seq)).toEqual([1, 2]);
  });

  it('allows 16 subscriptions, then RATE_LIMITED', () => {
    const { subs } = setup();
    for (let i = 0; i < 16; i++) subs.subscribe(null, null);
    expect(() => subs.subscribe(null, null)).toThrow(expect.objectContaining({ code: 'RATE_LIMITED' }));
  });

  it('unsubscribes and reports unknown subscriptions', () => {
    const { subs, out } = setup();
    const s = subs.subscribe(null, null);
    expect(subs.unsubscribe(s.subscription_id)).toEqual({ subscription_id: s.subscription_id, unsubscribed: true });
    subs.offer(ev('chat.turn', A));
    expect(out).toEqual([]);
    expect(() => subs.unsubscribe(s.subscription_id)).toThrow(expect.objectContaining({ code: 'SUBSCRIPTION_NOT_FOUND' }));
  });

  it('queues while the transport is blocked and drops the oldest beyond 1000 with one events.dropped', () => {
    const { subs, out, setOpen } = setup();
    subs.subscribe(null, ['memory.changed']);
    setOpen(false);
    for (let i = 0; i < MAX_QUEUED_EVENTS + 5; i++) subs.offer(ev('memory.changed', A, { i }));
    expect(out).toEqual([]);
    setOpen(true);
    subs.flush();
    expect(out).toHaveLength(MAX_QUEUED_EVENTS + 1);
    expect(out[0]?.params).toMatchObject({ name: 'events.dropped', seq: 1, persona_id: null, data: { count: 5 } });
    expect(out[1]?.params).toMatchObject({ seq: 2, data: { i: 5 } });
    expect(out.at(-1)?.params).toMatchObject({ seq: MAX_QUEUED_EVENTS + 1, data: { i: MAX_QUEUED_EVENTS + 4 } });
  });

  it('coalesces queued control notifications', () => {
    const { subs, out, setOpen } = setup();
    setOpen(false);
    const n = { jsonrpc: '2.0' as const, method: 'notifications/resources/list_changed', params: {} };
    subs.enqueueControl(n);
    subs.enqueueControl(n);
    setOpen(true);
    subs.flush();
    expect(out).toEqual([n]);
  });

  it('validates names: known events or a prefix with .*', () => {
    expect(SubscribeParamsSchema.safeParse({ names: ['persona.*', 'chat.turn'] }).success).toBe(true);
    expect(SubscribeParamsSchema.safeParse({ names: ['persona.exploded'] }).success).toBe(false);
    expect(SubscribeParamsSchema.safeParse({ names: ['*'] }).success).toBe(false);
    expect(SubscribeParamsSchema.safeParse({ persona_ids: Array(65).fill('x') }).success).toBe(false);
  });
});

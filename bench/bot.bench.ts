// Matrix bot timings with real bot processes (started by the bot supervisor through the fork
// launcher) against the test homeserver and a real mcp service: start → first sync, kill -9 →
// back online (running and synced again), start → first decrypted reply in an encrypted DM (against
// the same in a plain DM), and homeserver up → bot running (against a start with it up).
import { ms, percentile, type BenchRow } from './bench-utils.ts';
import { startBotStack, type BotStack } from '../tests/integration/bot/bot-harness.ts';
import { startUserClient } from '../tests/support/matrix-user-client.ts';

const stat = (xs: number[]) => `p50 ${ms(percentile(xs, 50))} / max ${ms(Math.max(...xs))} (n=${xs.length})`;

/** Bot start to first sync (target < 3 s) and crash to back online (target < 5 s). */
export async function botBenchmarks(quick: boolean): Promise<BenchRow[]> {
  const runs = quick ? 3 : 8;
  const stack = await startBotStack(() => ({ text: 'ok' }));
  const id = stack.personas.aria;
  const synced = () => stack.waitForStatus(id, (s) => s.state === 'running' && s.synced, 20_000);
  try {
    await stack.configure('aria', {});
    // A few rooms with history, so the first sync has something to carry.
    for (let r = 0; r < 5; r += 1) {
      const room = stack.hs.createRoom(stack.users.bob.userId, { join: [stack.users.aria.userId, stack.users.carol.userId] });
      for (let i = 0; i < 20; i += 1) stack.hs.post(room, stack.users.bob.userId, `message ${i}`);
    }
    const starts: number[] = [];
    const recoveries: number[] = [];
    for (let i = 0; i < runs; i += 1) {
      const t0 = performance.now();
      await stack.supervisor.start(id);
      await synced();
      starts.push(performance.now() - t0);
      const before = await stack.supervisor.status(id);
      const t1 = performance.now();
      process.kill(before.pid as number, 'SIGKILL');
      await stack.waitForStatus(id, (s) => s.state !== 'running' || s.pid !== before.pid);
      await stack.waitForStatus(id, (s) => s.state === 'running' && s.synced && s.pid !== before.pid, 20_000);
      recoveries.push(performance.now() - t1);
      // stop + start resets the crash window, so every run measures a first crash.
      await stack.supervisor.stop(id);
    }
    const bench = `matrix bot (${quick ? 'quick' : 'full'}, 5 rooms × 20 messages)`;
    return [
      { bench, metric: 'start → first sync', value: stat(starts), target: '< 3 s', met: percentile(starts, 50) < 3000 ? 'yes' : 'no' },
      { bench, metric: 'kill -9 → back online (synced)', value: stat(recoveries), target: '< 5 s', met: Math.max(...recoveries) < 5000 ? 'yes' : 'no' },
      ...(await encryptedDmBench(stack, runs)),
      ...(await homeserverUpBench(stack, runs)),
    ];
  } finally {
    await stack.close();
  }
}

/**
 * Bot start → the person's client shows the bot's decrypted reply in an encrypted DM (Aria, Rust
 * crypto, her sealed store restored from the second run on), against bot start → reply in a plain
 * DM (Kira, encryption off), alternating in one run. The first encrypted run creates the device.
 */
async function encryptedDmBench(stack: BotStack, runs: number): Promise<BenchRow[]> {
  const { hs, users, personas } = stack;
  await stack.configure('kira', { encryption: false });
  const bob = await startUserClient(hs, users.bob.userId);
  const rooms = {
    aria: hs.createRoom(users.bob.userId, { invite: [users.aria.userId], isDirect: true, encrypted: true }),
    kira: hs.createRoom(users.bob.userId, { invite: [users.kira.userId], isDirect: true }),
  };
  const times: Record<'aria' | 'kira', number[]> = { aria: [], kira: [] };
  try {
    for (let i = 0; i < runs; i += 1) {
      for (const who of ['aria', 'kira'] as const) {
        const t0 = performance.now();
        await stack.supervisor.start(personas[who]);
        await stack.waitForStatus(personas[who], (s) => s.state === 'running' && s.synced, 20_000);
        while (hs.membership(rooms[who], users[who].userId) !== 'join') await new Promise((r) => setTimeout(r, 10));
        const replies = () => bob.seen.filter((x) => x.room_id === rooms[who] && x.sender === users[who].userId).length;
        const before = replies();
        await bob.send(rooms[who], `run ${i}: are you there?`);
        await bob.waitFor(() => replies() > before, 20_000);
        times[who].push(performance.now() - t0);
        await stack.supervisor.stop(personas[who]);
      }
    }
  } finally {
    bob.stop();
  }
  const bench = 'matrix bot, encrypted DM (Rust crypto)';
  const ratio = percentile(times.aria, 50) / percentile(times.kira, 50);
  return [
    { bench, metric: 'start → first decrypted reply', value: stat(times.aria), target: '< 5 s', met: percentile(times.aria, 50) < 5000 ? 'yes' : 'no' },
    { bench, metric: 'reference: start → first reply, plain DM', value: `${stat(times.kira)}; encrypted / plain = ${ratio.toFixed(2)}×`, target: '≤ 2×', met: ratio <= 2 ? 'yes' : 'no' },
  ];
}

/**
 * Homeserver up → bot running and synced: the bot starts while the homeserver is down (state
 * `waiting`, retries 1 s doubling), the homeserver comes back 1.5 s after the bot is waiting. The
 * reference is a start with the homeserver up, in the same run.
 */
async function homeserverUpBench(stack: BotStack, runs: number): Promise<BenchRow[]> {
  const { hs, personas } = stack;
  const id = personas.aria;
  const upTimes: number[] = [];
  const plain: number[] = [];
  for (let i = 0; i < Math.min(runs, 4); i += 1) {
    const t0 = performance.now();
    await stack.supervisor.start(id);
    await stack.waitForStatus(id, (s) => s.state === 'running' && s.synced, 20_000);
    plain.push(performance.now() - t0);
    await stack.supervisor.stop(id);
    await hs.stop();
    void stack.supervisor.start(id);
    await stack.waitForStatus(id, (s) => s.state === 'waiting', 20_000);
    await new Promise((r) => setTimeout(r, 1_500));
    await hs.start();
    const t1 = performance.now();
    await stack.waitForStatus(id, (s) => s.state === 'running' && s.synced, 70_000);
    upTimes.push(performance.now() - t1);
    await stack.supervisor.stop(id);
  }
  const bench = 'matrix bot, homeserver down at start';
  return [
    { bench, metric: 'homeserver up → bot running (synced)', value: stat(upTimes), target: '< 5 s', met: Math.max(...upTimes) < 5000 ? 'yes' : 'no' },
    { bench, metric: 'reference: start → running with the homeserver up', value: `${stat(plain)}; up→running / start→running = ${(percentile(upTimes, 50) / percentile(plain, 50)).toFixed(2)}×`, target: 'info', met: '—' },
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { table } = await import('./bench-utils.ts');
  console.log(table(await botBenchmarks(process.env.BENCH_QUICK === '1')));
}

// Matrix bot timings with real bot processes (started by the bot supervisor through the fork
// launcher) against the test homeserver and a real mcp service: start → first sync, and
// kill -9 → back online (running and synced again).
import { ms, percentile, type BenchRow } from './bench-utils.ts';
import { startBotStack } from '../tests/integration/bot/bot-harness.ts';

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
    ];
  } finally {
    await stack.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { table } = await import('./bench-utils.ts');
  console.log(table(await botBenchmarks(process.env.BENCH_QUICK === '1')));
}

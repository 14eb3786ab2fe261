// At every server start the host issues the bots a fresh token, then starts the autostart bots,
// which connect to the mcp service — another process, with its own token store. That first
// connection must be accepted: a token issued anywhere is seen by every process at its next check.
// (The race itself, a store that read its tokens just before the issue, is pinned deterministically
// by tests/unit/core/auth/token-store.test.ts with two connections; here it is the whole start-up.)
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BotStatus } from '../../../src/shared/index.ts';
import { startHostStack, type HostStack } from '../../support/host-stack.ts';
import { makeTempDir } from '../../support/temp-dir.ts';
import { until } from '../../support/processes.ts';

const temp = makeTempDir('host-bot-autostart-');
let stack: HostStack;

beforeAll(async () => {
  stack = await startHostStack(temp.dir, [{ persona: 'Aria', login: 'access_token', autostart: true }]);
}, 90_000);
afterAll(async () => {
  await stack?.close();
  temp.cleanup();
});

describe('the autostarted bot at server start', () => {
  it('connects on its first attempt: running and synced with no restart and no error', async () => {
    const listBots = async () => ((await (await fetch(new URL('/api/bots', stack.info.urls.api as string))).json()) as { bots: BotStatus[] }).bots;
    const aria = await until(async () => (await listBots()).find((b) => b.persona_id === stack.ids.Aria && b.state === 'running' && b.synced), 60_000);
    expect(aria).toMatchObject({ restarts: 0, last_error: null, autostart: true });
  }, 90_000);
});

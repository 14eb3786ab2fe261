// When the Bots page offers Start, Stop and Start all, and the reason it shows when it does not.
import { describe, expect, it } from 'vitest';
import type { BotConfig, BotStatus } from '../../../src/shared/index.ts';
import { allBotsReadiness, botReadiness, NO_HOST_REASON } from '../../../src/renderer/components/bots/bot-readiness.ts';

const ID = 'a1a1a1a1-0000-4000-8000-000000000001';
const config = (enabled: boolean) => ({ persona_id: ID, enabled } as BotConfig);
const status = (state: BotStatus['state']) => ({ persona_id: ID, state } as BotStatus);

describe('bot readiness', () => {
  it('offers Start only for a configured, enabled, stopped bot under a host, and says why otherwise', () => {
    expect(botReadiness(false, config(true), undefined)).toEqual({ canStart: false, canStop: false, reason: NO_HOST_REASON });
    expect(botReadiness(true, null, undefined).reason).toMatch(/not configured/i);
    expect(botReadiness(true, config(false), undefined)).toEqual({ canStart: false, canStop: false, reason: 'Disabled in its configuration' });
    expect(botReadiness(true, config(true), status('stopped'))).toEqual({ canStart: true, canStop: false, reason: null });
    expect(botReadiness(true, config(true), status('running'))).toEqual({ canStart: false, canStop: true, reason: null });
    expect(botReadiness(null, config(true), undefined).canStart).toBe(false); // host not known yet
  });

  it('offers Start all only when some enabled bot is idle', () => {
    expect(allBotsReadiness(true, [null, null], []).reason).toBe('No bot is configured yet');
    expect(allBotsReadiness(true, [config(false)], []).reason).toBe('Every configured bot is disabled');
    expect(allBotsReadiness(true, [config(true)], [status('running')])).toEqual({ canStart: false, canStop: true, reason: null });
    expect(allBotsReadiness(true, [config(true), null], [])).toEqual({ canStart: true, canStop: false, reason: null });
  });
});

import { useCallback, useEffect, useState } from 'react';
import type { BotConfig } from '../../shared/index.ts';
import { api } from '../api/endpoints.ts';

/** Stored bot configurations by persona id (null: none); `error` when one could not be read. */
export interface BotConfigs {
  configs: Record<string, BotConfig | null> | null;
  error: unknown;
  /** Puts a configuration just saved in place, without reading all of them again. */
  saved: (config: BotConfig) => void;
}

/**
 * Reads the bot configuration of each persona (`GET /api/bots/:id/config`, which works without the
 * host and answers `config: null` for a persona without one), again whenever the persona ids change.
 */
export function useBotConfigs(personaIds: readonly string[] | null): BotConfigs {
  const [configs, setConfigs] = useState<Record<string, BotConfig | null> | null>(null);
  const [error, setError] = useState<unknown>(null);
  const key = personaIds?.join(',') ?? null;
  useEffect(() => {
    if (key === null) return;
    let live = true;
    const ids = key ? key.split(',') : [];
    Promise.all(ids.map(async (id) => [id, (await api.botConfig(id)).config] as const)).then(
      (pairs) => { if (live) { setConfigs(Object.fromEntries(pairs)); setError(null); } },
      (err: unknown) => { if (live) setError(err); },
    );
    return () => { live = false; };
  }, [key]);
  const saved = useCallback((config: BotConfig) => setConfigs((all) => ({ ...all, [config.persona_id]: config })), []);
  return { configs, error, saved };
}

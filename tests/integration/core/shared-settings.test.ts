// Two processes on one data dir (two cores here): LLM and memory settings saved by one are
// applied by the other, as the dashboard's api service and the mcp service need.
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { AppConfigSchema } from '../../../src/shared/index.ts';
import { createConnectionState, createCore, invokeOperation, OPERATION_TABLE, type CoreContext } from '../../../src/core/index.ts';
import { makeTempDir } from '../../support/temp-dir.ts';

const cores: CoreContext[] = [];
let cleanup = () => {};
afterEach(async () => {
  for (const c of cores.splice(0)) await c.close();
  cleanup();
});

const call = (core: CoreContext, method: string, params: unknown = {}) =>
  invokeOperation(OPERATION_TABLE, method, params, { core, connection: createConnectionState(randomUUID(), 'api') }) as Promise<Record<string, any>>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('settings shared between processes', () => {
  it('an LLM and a memory change saved by one process are used by the other within about a second', async () => {
    const temp = makeTempDir();
    cleanup = temp.cleanup;
    const config = AppConfigSchema.parse({ data_dir: temp.dir, log: { level: 'silent' }, llm: { provider: 'offline' } });
    const api = await createCore({ config, migrate: true });
    const mcp = await createCore({ config, migrate: false });
    cores.push(api, mcp);
    await call(api, 'system.configure_llm', { provider: 'openai', base_url: 'http://127.0.0.1:9/v1', model: 'qwen' });
    await call(api, 'memory.config_set', { config: { retrieval: { recall_k: 3 } } });
    expect(mcp.llm.settings().provider).toBe('offline');
    await new Promise((r) => setTimeout(r, 1100));
    await call(mcp, 'ping');
    expect(mcp.llm.settings()).toMatchObject({ provider: 'openai', base_url: 'http://127.0.0.1:9/v1', model: 'qwen' });
    expect(mcp.memory.global().retrieval.recall_k).toBe(3);
  });

  it('an API key set, changed or cleared by one process is used by the other (the key lives in the secret store)', async () => {
    const temp = makeTempDir();
    cleanup = temp.cleanup;
    const config = AppConfigSchema.parse({ data_dir: temp.dir, log: { level: 'silent' }, llm: { provider: 'offline' } });
    // One fixed clock: every write carries the same stamp, so the row's value must tell the change.
    const fixed = new Date('2026-11-25T12:00:00.000Z');
    const api = await createCore({ config, migrate: true, clock: () => fixed });
    const mcp = await createCore({ config, migrate: false, clock: () => fixed });
    cores.push(api, mcp);
    const seen = async () => {
      await new Promise((r) => setTimeout(r, 1100));
      await call(mcp, 'ping');
      return mcp.llm.settings().api_key;
    };
    await call(api, 'system.configure_llm', { provider: 'openai', base_url: 'http://127.0.0.1:9/v1', model: 'qwen', api_key: 'sk-first' });
    expect(await seen()).toBe('sk-first');
    expect(mcp.llm.settings()).toMatchObject({ provider: 'openai', model: 'qwen' });
    await call(api, 'system.configure_llm', { api_key: 'sk-second' });
    expect(await seen()).toBe('sk-second');
    expect(mcp.llm.view().has_api_key).toBe(true);
    await call(api, 'system.configure_llm', { api_key: '' });
    expect(await seen()).toBeUndefined();
    expect(mcp.llm.view().has_api_key).toBe(false);
    // A third process started now reads the same.
    const third = await createCore({ config, migrate: false });
    cores.push(third);
    expect(third.llm.settings()).toMatchObject({ provider: 'openai', model: 'qwen' });
    expect(third.llm.settings().api_key).toBeUndefined();
  });
});

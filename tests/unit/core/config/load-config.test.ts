import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../../src/shared/index.ts';
import { configFromEnv, loadConfig, redactConfig } from '../../../../src/core/config/index.ts';
import { makeTempDir } from '../../../support/temp-dir.ts';

const temp = makeTempDir();
afterAll(() => temp.cleanup());

function dataDirWith(config: unknown): string {
  const dir = join(temp.dir, `d${Math.random().toString(36).slice(2)}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'config.json'), typeof config === 'string' ? config : JSON.stringify(config));
  return dir;
}

function expectConfigError(fn: () => unknown, ...fragments: string[]): AppError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    for (const f of fragments) expect((err as Error).message).toContain(f);
    return err as AppError;
  }
  throw new Error('expected a config error');
}

describe('configuration layers', () => {
  it('defaults alone give the documented values', () => {
    const { config, configFile } = loadConfig({ env: {}, cwd: temp.dir });
    expect(configFile).toBeNull();
    expect(config.server).toMatchObject({ host: '127.0.0.1', mcp_port: 8000, api_port: 8080 });
    expect(config.llm).toMatchObject({ provider: 'ollama', model: 'llama3.1:8b', offline_fallback: true, timeout_ms: 120_000 });
    expect(config.memory.pruning).toMatchObject({ max_memories: 20_000, threshold: 18_000, target: 16_000 });
    expect(config.data_dir).toBe(join(temp.dir, 'data'));
  });

  it('file < env < flags, each overriding only what it sets', () => {
    const dir = dataDirWith({ server: { mcp_port: 9001, api_port: 9002 }, log: { level: 'warn' } });
    const { config, configFile } = loadConfig({
      env: { PERSONA_MCP_DATA_DIR: dir, PERSONA_MCP_API_PORT: '9102', PERSONA_MCP_MEMORY__PRUNING__TARGET: '700' },
      flags: { server: { api_port: 9202 } },
      cwd: temp.dir,
    });
    expect(configFile).toBe(join(dir, 'config.json'));
    expect(config.server.mcp_port).toBe(9001);
    expect(config.server.api_port).toBe(9202);
    expect(config.log.level).toBe('warn');
    expect(config.memory.pruning.target).toBe(700);
  });

  it('a bad value fails fast and names the key', () => {
    const err = expectConfigError(
      () => loadConfig({ env: { PERSONA_MCP_MCP_PORT: 'eighty' }, cwd: temp.dir }),
      'config key server.mcp_port',
    );
    expect(err.code).toBe('INVALID_PARAMS');
  });

  it('an unknown key (a typo) fails instead of being ignored', () => {
    const dir = dataDirWith({ server: { mcp_prot: 1 } });
    expectConfigError(() => loadConfig({ flags: { data_dir: dir }, env: {}, cwd: temp.dir }), 'config key server.mcp_prot: unknown key');
  });

  it('cross-field rules of the memory config are enforced (target < threshold ≤ max)', () => {
    expectConfigError(
      () => loadConfig({ flags: { memory: { pruning: { target: 18_500 } } }, env: {}, cwd: temp.dir }),
      'memory.pruning.target',
    );
  });

  it('a config file that is not JSON is reported with its path', () => {
    const dir = dataDirWith('{ not json');
    expectConfigError(() => loadConfig({ flags: { data_dir: dir }, env: {}, cwd: temp.dir }), 'is not valid JSON', dir);
  });

  it('an explicit --config file that is missing is an error', () => {
    expectConfigError(() => loadConfig({ configPath: 'nope.json', env: {}, cwd: temp.dir }), 'Config file not found');
  });

  it('string keys keep numeric-looking text; other env values parse as JSON', () => {
    const tree = configFromEnv({ PERSONA_MCP_TOKEN: '1234567890123456', PERSONA_MCP_SERVER__ALLOWED_ORIGINS: '["http://a.test"]' });
    expect(tree).toEqual({ auth: { token: '1234567890123456' }, server: { allowed_origins: ['http://a.test'] } });
  });

  it('process hand-off variables (secret key, bot token) are not config keys and do not fail start-up', () => {
    const { config } = loadConfig({ env: { PERSONA_MCP_SECRET_KEY: 'a2V5', PERSONA_MCP_MCP_TOKEN: 'pm_x', PERSONA_MCP_MCP_PORT: '9000' }, cwd: temp.dir });
    expect(config.server.mcp_port).toBe(9000);
    expect(JSON.stringify(config)).not.toContain('a2V5');
    expectConfigError(() => loadConfig({ env: { PERSONA_MCP_SECRET_KEYS: 'x' }, cwd: temp.dir }), 'secret_keys');
  });

  it('redaction hides secrets', () => {
    const { config } = loadConfig({ env: { PERSONA_MCP_LLM_API_KEY: 'sk-secret', PERSONA_MCP_TOKEN: 'x'.repeat(32) }, cwd: temp.dir });
    const red = redactConfig(config);
    expect(red.llm.api_key).toBe('***');
    expect(red.auth.token).toBe('***');
    expect(config.llm.api_key).toBe('sk-secret');
  });
});

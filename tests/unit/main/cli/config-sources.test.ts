// Where each configuration value came from, and the note `call` prints after saving a setting.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig, withSavedSettings, type SavedSetting } from '../../../../src/core/index.ts';
import { parseCliArgs } from '../../../../src/main/cli/cli-args.ts';
import { settingsNote } from '../../../../src/main/cli/config-command.ts';
import { configSources, withRuntimeSources } from '../../../../src/main/cli/config-sources.ts';
import { writeServerRecord } from '../../../../src/main/host/index.ts';
import { makeTempDir } from '../../../support/temp-dir.ts';

const temp = makeTempDir();
afterAll(() => temp.cleanup());

describe('configuration sources', () => {
  const file = join(temp.dir, 'config.json');
  writeFileSync(file, JSON.stringify({ server: { api_port: 9090 }, llm: { model: 'from-file' } }));
  const args = parseCliArgs(['--data-dir', temp.dir, '--mcp-port', '9000', '--set', 'memory.pruning.target=500']);
  const env = { PERSONA_MCP_LLM_MODEL: 'from-env', PERSONA_MCP_LOG__LEVEL: 'warn' };
  const { config, configFile } = loadConfig({ flags: args.flags, env });
  const sources = configSources(config, { flags: args.flags, env, configFile });

  it('names the flag, the variable, the file or the default of every value', () => {
    expect(sources).toMatchObject({
      data_dir: 'flag --data-dir', 'server.mcp_port': 'flag --mcp-port', 'memory.pruning.target': 'flag --set memory.pruning.target=…',
      'llm.model': 'env PERSONA_MCP_LLM_MODEL', 'log.level': 'env PERSONA_MCP_LOG__LEVEL',
      'server.api_port': `file ${file}`, 'server.host': 'default', 'server.allowed_origins': 'default',
    });
  });

  it('a saved run-time setting wins, with its time and what it overrides', () => {
    const saved: SavedSetting[] = [{ key: 'llm', value: { ...config.llm, provider: 'offline' }, updated_at: '2030-01-02T03:04:05.000Z' }];
    const effective = withSavedSettings(config, saved);
    const out = withRuntimeSources(sources, config, effective, saved);
    expect(effective.llm.provider).toBe('offline');
    expect(out['llm.provider']).toBe('run-time setting saved at 2030-01-02T03:04:05.000Z');
    expect(out['llm.model']).toBe('run-time setting saved at 2030-01-02T03:04:05.000Z');
    const renamed = withRuntimeSources(sources, config, withSavedSettings(config, [{ ...saved[0]!, value: { model: 'other' } }]), [{ ...saved[0]!, value: { model: 'other' } }]);
    expect(renamed['llm.model']).toBe('run-time setting saved at 2030-01-02T03:04:05.000Z (overrides env PERSONA_MCP_LLM_MODEL)');
    expect(renamed['llm.provider']).toBe('default');
  });
});

describe('the note after a call', () => {
  const at = (t: string): SavedSetting[] => [{ key: 'llm', value: {}, updated_at: t }];

  it('is silent when no run-time setting changed', () => {
    expect(settingsNote(temp.dir, at('t1'), at('t1'))).toBeNull();
  });

  it('names the running server, or says the next start uses the setting', () => {
    expect(settingsNote(temp.dir, [], at('t1'), () => false)).toContain(`no server is running on it: \`persona-mcp --server --data-dir ${temp.dir}\``);
    writeServerRecord(temp.dir, {
      pid: 4242, started_at: 't0', version: '0', data_dir: temp.dir, urls: { mcp: 'ws://127.0.0.1:1/mcp', api: 'http://127.0.0.1:2' },
      config_file: null, config: {}, sources: {},
    });
    expect(settingsNote(temp.dir, at('t1'), at('t2'), (pid) => pid === 4242)).toContain('the server running on it (pid 4242, http://127.0.0.1:2) applies it');
    expect(settingsNote(temp.dir, at('t1'), at('t2'), () => false)).toContain('no server is running on it');
  });
});

// The --server command line: every flag the host takes is parsed and listed by --help.
import { describe, expect, it } from 'vitest';
import { parseCliArgs } from '../../../../src/main/cli/cli-args.ts';
import { helpText } from '../../../../src/main/cli/help.ts';
import { flagsToEnv } from '../../../../src/main/cli/service-launcher.ts';

describe('persona-mcp --server flags', () => {
  it('parses every host flag into config values that reach children as PERSONA_MCP_* variables', () => {
    const args = parseCliArgs([
      '--server', '--data-dir', '/d', '--host', '0.0.0.0', '--mcp-port', '0', '--api-port', '9090', '--config', 'c.json',
      '--set', 'memory.pruning.target=500', '--log-level', 'warn',
    ]);
    expect(args).toMatchObject({ server: true, configPath: 'c.json' });
    expect(flagsToEnv(args.flags)).toEqual({
      PERSONA_MCP_DATA_DIR: '/d', PERSONA_MCP_SERVER__HOST: '0.0.0.0', PERSONA_MCP_SERVER__MCP_PORT: '0', PERSONA_MCP_SERVER__API_PORT: '9090',
      PERSONA_MCP_LOG__LEVEL: 'warn', PERSONA_MCP_MEMORY__PRUNING__TARGET: '500',
    });
  });

  it('--help lists --server and every flag it takes', () => {
    const help = helpText('1.0.0');
    for (const flag of ['--server', '--data-dir', '--host', '--mcp-port', '--api-port', '--config', '--set', '--log-level', '--version']) expect(help).toContain(flag);
  });
});

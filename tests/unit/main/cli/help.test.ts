// `--help` names every command the entry dispatches and every flag it parses.
import { describe, expect, it } from 'vitest';
import { CONFIG_FLAGS } from '../../../../src/main/cli/cli-args.ts';
import { helpText } from '../../../../src/main/cli/help.ts';

describe('persona-mcp --help', () => {
  const help = helpText('9.9.9');

  it('lists every command', () => {
    for (const command of ['--server', 'serve mcp', 'serve api', 'mcp --stdio', 'init', 'methods', 'call <method>', 'config']) {
      expect(help, command).toMatch(new RegExp(`^  ${command.replace(/[<>-]/g, '\\$&')}\\s`, 'm'));
    }
  });

  it('lists every flag and the configuration layers, run-time settings included', () => {
    for (const flag of [...Object.keys(CONFIG_FLAGS), 'config', 'set', 'help', 'version']) expect(help).toContain(`--${flag}`);
    expect(help).toContain('run-time settings');
  });
});

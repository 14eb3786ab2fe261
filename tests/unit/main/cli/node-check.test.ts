// One Node requirement: the guard's rule, package.json engines, every npm script that runs our
// TypeScript, and the command itself all agree, and an old Node gets one clear line.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const { ENGINES, nodeProblem } = createRequire(import.meta.url)('../../../../bin/node-check.cjs') as {
  ENGINES: string; nodeProblem: (version: string) => string | null;
};
const pkg = JSON.parse(readFileSync(`${ROOT}package.json`, 'utf8')) as { engines: { node: string }; scripts: Record<string, string> };
const FAKE = fileURLToPath(new URL('../../../support/fake-node-version.cjs', import.meta.url));
const GUARD = 'node bin/node-check.cjs && ';

describe('the Node requirement', () => {
  it('accepts the Node versions that strip types by default and names the need otherwise', () => {
    for (const ok of ['22.18.0', 'v22.23.5', '23.6.0', '24.0.0', '25.1.0']) expect(nodeProblem(ok)).toBeNull();
    for (const old of ['22.12.0', '22.17.1', '23.5.0', '20.19.0', '18.0.0']) {
      expect(nodeProblem(old)).toContain('needs Node 22.18 or newer');
      expect(nodeProblem(old)).toContain(`this is Node ${old}`);
    }
  });

  it('is the one package.json states', () => {
    expect(pkg.engines.node).toBe(ENGINES);
  });

  it('guards every npm script that runs TypeScript with node, the tests or the desktop app', () => {
    const needs = Object.entries(pkg.scripts).filter(([, cmd]) => /node \S+\.ts\b|vitest|playwright|electron/.test(cmd) && !cmd.startsWith('tsc'));
    expect(needs.map(([name]) => name)).toEqual(expect.arrayContaining(['server', 'test', 'bench', 'docs']));
    for (const [name, cmd] of needs) expect(`${name}: ${cmd}`).toContain(`${name}: ${GUARD}`);
  });

  it('an old Node gets one line and exit 1 from the guard and from the command, before any TypeScript loads', () => {
    for (const file of ['bin/node-check.cjs', 'bin/persona-mcp.js']) {
      const r = spawnSync(process.execPath, ['--require', FAKE, file, '--version'], {
        cwd: ROOT, encoding: 'utf8', env: { ...process.env, FAKE_NODE_VERSION: '22.12.0' },
      });
      expect(r.status, file).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr.trim().split('\n')).toEqual([expect.stringContaining('persona-mcp needs Node 22.18 or newer') as unknown as string]);
    }
    expect(spawnSync(process.execPath, ['bin/node-check.cjs'], { cwd: ROOT }).status).toBe(0);
  });
});

// The MCP Inspector CLI (dev dependency) checks tools/list with --strict: 0 errors and 0 warnings for
// the default toolset and for `all`, over stdio against the real service entry.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../support/temp-dir.ts';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const ENTRY = `${ROOT}src/services/mcp/entry.ts`;
const temp = makeTempDir('persona-mcp-inspector-');
afterAll(() => temp.cleanup());

async function strictList(toolsets: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const args = [
    `${ROOT}node_modules/.bin/mcp-inspector`, '--cli', process.execPath, ENTRY, '--stdio', '--data-dir', temp.dir, '--toolsets', toolsets,
    '-e', 'PERSONA_MCP_LLM_PROVIDER=offline', '-e', 'PERSONA_MCP_LOG_LEVEL=warn', '--method', 'tools/list', '--strict',
  ];
  try {
    const { stdout, stderr } = await run(process.execPath, args, { cwd: ROOT, timeout: 90_000, maxBuffer: 16 * 1024 * 1024 });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

describe('MCP Inspector CLI --strict tools/list', () => {
  it.each(['chat', 'all'])('exits 0 with no warning for the %s toolset', async (toolsets) => {
    const result = await strictList(toolsets);
    expect(result.stderr).not.toMatch(/Warning:|Error:/);
    expect(result.code).toBe(0);
    const { tools } = JSON.parse(result.stdout) as { tools: { name: string }[] };
    expect(tools.map((t) => t.name)).toContain('toolsets.enable');
    if (toolsets === 'chat') expect(tools.length).toBeLessThanOrEqual(15);
    else expect(tools.length).toBeGreaterThan(50);
  }, 120_000);
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { STRIP_CACHE_HOOK, childExecArgv } from '../../../../src/main/host/index.ts';
import { makeTempDir } from '../../../support/temp-dir.ts';

// The hook caches stripped TypeScript only where Node does not do it itself (Node 22).
const [major, minor] = process.versions.node.split('.').map(Number) as [number, number];
const active = major < 23 || (major === 23 && minor < 8);

let temp: ReturnType<typeof makeTempDir>;
beforeEach(() => {
  temp = makeTempDir();
});
afterEach(() => temp.cleanup());

// Under Node's own compile-cache folder (a versioned subfolder of NODE_COMPILE_CACHE).
const cacheDir = () => {
  const found = readdirSync(join(temp.dir, 'cache'), { recursive: true, encoding: 'utf8' }).find((p) => p.endsWith(`ts-strip-${process.version}`));
  if (!found) throw new Error('no ts-strip cache folder');
  return join(temp.dir, 'cache', found);
};
const run = (file: string) => spawnSync(process.execPath, ['--import', STRIP_CACHE_HOOK, file], {
  encoding: 'utf8', env: { ...process.env, NODE_COMPILE_CACHE: join(temp.dir, 'cache') },
});

describe.runIf(active)('the type-stripping cache (bin/ts-strip-cache.js)', () => {
  it('runs TypeScript, keeps the stripped file, reads it back next time, and strips an edited file again', () => {
    const file = join(temp.dir, 'greet.ts');
    writeFileSync(file, "const who: string = 'bees';\nconsole.log(`hello ${who}`);\n");
    const first = run(file);
    expect(first.stdout).toBe('hello bees\n');
    expect(first.stderr).not.toContain('ExperimentalWarning');
    const cached = readdirSync(cacheDir());
    expect(cached).toHaveLength(1);

    // A second start reads the cached JavaScript: changed on disk, the change shows.
    writeFileSync(join(cacheDir(), cached[0]!), "console.log('from the cache');\n");
    expect(run(file).stdout).toBe('from the cache\n');

    // Editing the source changes its key: it is stripped again, and the cache holds both.
    writeFileSync(file, "const who: string = 'wasps';\nconsole.log(`hello ${who}`);\n");
    expect(run(file).stdout).toBe('hello wasps\n');
    expect(readdirSync(cacheDir())).toHaveLength(2);
  });

  it('keeps line and column numbers, so stack traces point at the TypeScript source', () => {
    const file = join(temp.dir, 'boom.ts');
    writeFileSync(file, 'interface X { a: number }\nconst n: number = 1;\nthrow new Error(`line three ${n}`);\n');
    run(file);
    const again = run(file);
    expect(again.stderr).toContain(`${file}:3`);
  });

  it('still runs when the cache folder cannot be written', () => {
    const file = join(temp.dir, 'ok.ts');
    writeFileSync(file, "const x: number = 42;\nconsole.log(x);\n");
    writeFileSync(join(temp.dir, 'blocked'), 'a file where the cache folder would go');
    const out = execFileSync(process.execPath, ['--import', STRIP_CACHE_HOOK, file], {
      encoding: 'utf8', env: { ...process.env, NODE_COMPILE_CACHE: join(temp.dir, 'blocked') },
    });
    expect(out).toBe('42\n');
  });
});

describe('childExecArgv', () => {
  it('adds the hook once to the parent flags', () => {
    const argv = childExecArgv();
    expect(argv.filter((a) => a === STRIP_CACHE_HOOK)).toHaveLength(1);
    expect(argv.at(-2)).toBe('--import');
  });
});

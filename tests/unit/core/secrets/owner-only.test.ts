import { chmodSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createSecretStore, ensureOwnerOnlyDir, ensureOwnerOnlyFile, narrowToOwner, openDatabase, writeOwnerOnlyFile } from '../../../../src/core/index.ts';
import { makeTempDir } from '../../../support/temp-dir.ts';

const modeOf = (path: string) => (statSync(path).mode & 0o777).toString(8);
let cleanup = () => {};
afterEach(() => cleanup());

describe.skipIf(process.platform === 'win32')('owner-only files', () => {
  it('creates folders 0700 and files 0600, and narrows wider ones (never widens)', () => {
    const temp = makeTempDir();
    cleanup = temp.cleanup;
    const dir = join(temp.dir, 'a', 'b');
    ensureOwnerOnlyDir(dir);
    expect(modeOf(dir)).toBe('700');
    ensureOwnerOnlyFile(join(dir, 'f'));
    expect(modeOf(join(dir, 'f'))).toBe('600');
    chmodSync(dir, 0o755);
    writeFileSync(join(dir, 'g'), 'x', { mode: 0o644 });
    chmodSync(join(dir, 'g'), 0o644);
    ensureOwnerOnlyDir(dir);
    ensureOwnerOnlyFile(join(dir, 'g'));
    expect([modeOf(dir), modeOf(join(dir, 'g'))]).toEqual(['700', '600']);
    chmodSync(join(dir, 'g'), 0o400);
    expect(narrowToOwner(join(dir, 'g'))).toBe(false);
    expect(modeOf(join(dir, 'g'))).toBe('400');
    expect(narrowToOwner(join(dir, 'missing'))).toBe(false);
  });

  it('writes a file atomically: 0600 in a new 0700 folder, replaced whole, no temp file left', () => {
    const temp = makeTempDir();
    cleanup = temp.cleanup;
    const file = join(temp.dir, 'x', 'state.json');
    writeOwnerOnlyFile(file, '{"a":1}');
    expect([modeOf(join(temp.dir, 'x')), modeOf(file), readFileSync(file, 'utf8')]).toEqual(['700', '600', '{"a":1}']);
    // A temp file a crashed writer left with wide modes is narrowed before it takes the name.
    writeFileSync(`${file}.${process.pid}.tmp`, 'stale', { mode: 0o644 });
    chmodSync(`${file}.${process.pid}.tmp`, 0o644);
    writeOwnerOnlyFile(file, Buffer.from([1, 2, 3]));
    expect([modeOf(file), [...readFileSync(file)]]).toEqual(['600', [1, 2, 3]]);
    expect(readdirSync(join(temp.dir, 'x'))).toEqual(['state.json']);
  });

  it('a failed atomic write keeps the old file and removes its temp file', () => {
    const temp = makeTempDir();
    cleanup = temp.cleanup;
    const target = join(temp.dir, 'taken');
    mkdirSync(join(target, 'inside'), { recursive: true });
    // Renaming a file over a non-empty folder fails: the write must throw and leave nothing behind.
    expect(() => writeOwnerOnlyFile(target, 'data')).toThrow();
    expect(readdirSync(temp.dir)).toEqual(['taken']);
    expect(readdirSync(target)).toEqual(['inside']);
  });

  it('the secret store narrows its existing files on open', () => {
    const temp = makeTempDir();
    cleanup = temp.cleanup;
    createSecretStore({ dataDir: temp.dir }).set('x', 'y');
    for (const name of ['secrets.json', 'secret.key']) chmodSync(join(temp.dir, name), 0o644);
    expect(createSecretStore({ dataDir: temp.dir }).get('x')).toBe('y');
    expect([modeOf(join(temp.dir, 'secrets.json')), modeOf(join(temp.dir, 'secret.key'))]).toEqual(['600', '600']);
  });

  it('the database file, its -wal and -shm are created 0600 in a 0700 folder', async () => {
    const temp = makeTempDir();
    cleanup = temp.cleanup;
    const file = join(temp.dir, 'new', 'db.sqlite');
    const db = await openDatabase({ file, migrate: true });
    try {
      expect(modeOf(join(temp.dir, 'new'))).toBe('700');
      expect([modeOf(file), modeOf(`${file}-wal`), modeOf(`${file}-shm`)]).toEqual(['600', '600', '600']);
    } finally {
      await db.close();
    }
  });

  it('an existing database opened with wider modes is narrowed, its -wal and -shm too', async () => {
    const temp = makeTempDir();
    cleanup = temp.cleanup;
    mkdirSync(join(temp.dir, 'old'));
    const file = join(temp.dir, 'old', 'db.sqlite');
    const first = await openDatabase({ file, migrate: true });
    for (const f of [file, `${file}-wal`, `${file}-shm`]) chmodSync(f, 0o644);
    const second = await openDatabase({ file, migrate: false });
    try {
      expect([modeOf(file), modeOf(`${file}-wal`), modeOf(`${file}-shm`)]).toEqual(['600', '600', '600']);
    } finally {
      await second.close();
      await first.close();
    }
  });
});

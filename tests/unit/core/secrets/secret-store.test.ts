import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { createSecretStore, readSealedFile, writeSealedFile } from '../../../../src/core/index.ts';
import { makeTempDir } from '../../../support/temp-dir.ts';

const temps: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of temps.splice(0)) cleanup();
});
/** A data dir removed after the test (it holds a key and sealed secrets). */
function tempDir(): string {
  const { dir, cleanup } = makeTempDir();
  temps.push(cleanup);
  return dir;
}

describe('secret store', () => {
  it('keeps values sealed in a 0600 file and reads them back in another store instance', () => {
    const dir = tempDir();
    const a = createSecretStore({ dataDir: dir });
    a.set('bot.x.access_token', 'syt_very_secret_value');
    const raw = readFileSync(join(dir, 'secrets.json'), 'utf8');
    expect(raw).not.toContain('syt_very_secret_value');
    expect(statSync(join(dir, 'secrets.json')).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'secret.key')).mode & 0o777).toBe(0o600);
    const b = createSecretStore({ dataDir: dir });
    expect(b.get('bot.x.access_token')).toBe('syt_very_secret_value');
    expect(b.names()).toEqual(['bot.x.access_token']);
    b.delete('bot.x.access_token');
    expect(a.has('bot.x.access_token')).toBe(false);
  });

  it('refuses to decrypt with another key and does not swap values between names', () => {
    const dir = tempDir();
    createSecretStore({ dataDir: dir, key: randomBytes(32) }).set('a', 'one');
    expect(() => createSecretStore({ dataDir: dir, key: randomBytes(32) }).get('a')).toThrow(/cannot be decrypted/);
    const key = randomBytes(32);
    const s = createSecretStore({ dataDir: dir, key });
    s.set('a', 'one');
    s.set('b', 'two');
    const file = JSON.parse(readFileSync(join(dir, 'secrets.json'), 'utf8')) as { entries: Record<string, unknown> };
    file.entries.b = file.entries.a;
    writeFileSync(join(dir, 'secrets.json'), JSON.stringify(file));
    expect(() => s.get('b')).toThrow(/cannot be decrypted/);
  });
});

describe('sealed files (the same sealing as the store)', () => {
  it('round-trip 0600 and refuse another key, another label, a tampered or truncated body', () => {
    const dir = tempDir();
    const file = join(dir, 'bots', 'p1', 'crypto.sealed');
    const key = randomBytes(32);
    const data = Buffer.from('olm pickle: secret');
    writeSealedFile(file, data, key, 'crypto:p1');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file).includes(data)).toBe(false);
    expect(readSealedFile(file, key, 'crypto:p1')).toEqual(data);
    expect(readSealedFile(join(dir, 'missing'), key, 'crypto:p1')).toBeNull();
    expect(() => readSealedFile(file, randomBytes(32), 'crypto:p1')).toThrow(/cannot be opened with this key/);
    expect(() => readSealedFile(file, key, 'crypto:p2')).toThrow(/cannot be opened with this key/);
    const raw = readFileSync(file);
    const flipped = Buffer.from(raw);
    flipped[flipped.length - 1] = (flipped.at(-1) as number) ^ 1;
    writeFileSync(file, flipped);
    expect(() => readSealedFile(file, key, 'crypto:p1')).toThrow(/cannot be opened/);
    writeFileSync(file, raw.subarray(0, 8 + 12 + 10));
    expect(() => readSealedFile(file, key, 'crypto:p1')).toThrow(/cannot be opened/);
    writeFileSync(file, 'plain text');
    expect(() => readSealedFile(file, key, 'crypto:p1')).toThrow(/is not a sealed file/);
  });
});

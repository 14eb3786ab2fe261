// Write-only secrets (Matrix tokens and passwords, LLM API keys, access tokens) kept outside the
// database: `<data dir>/secrets.json`, mode 0600, each value sealed with AES-256-GCM.
// The key comes from the caller (the desktop app protects it with the OS keychain via safeStorage
// and hands it to children as PERSONA_MCP_SECRET_KEY) or, headless, from `<data dir>/secret.key` (0600).
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { OWNER_ONLY_FILE, POSIX_MODES, ensureOwnerOnlyDir, narrowToOwner } from './owner-only.ts';

const SealedSchema = z.object({ iv: z.string(), tag: z.string(), data: z.string() });
const FileSchema = z.object({ version: z.literal(1), entries: z.record(z.string(), SealedSchema) });

/** Names and values of secrets; values never leave through an API, only to the process that uses them. */
export interface SecretStore {
  get(name: string): string | undefined;
  has(name: string): boolean;
  set(name: string, value: string): void;
  delete(name: string): void;
  /** Names of the stored secrets (never values). */
  names(): string[];
}

/** Options of the secret store. */
export interface SecretStoreOptions {
  dataDir: string;
  /** 32-byte key; when absent the key file in the data dir is used (created on first use). */
  key?: Buffer;
}

/** The file that holds the headless key. */
export function secretKeyFile(dataDir: string): string {
  return join(dataDir, 'secret.key');
}

/** Reads the headless key, creating it (0600) when missing. */
export function loadOrCreateKeyFile(dataDir: string): Buffer {
  const file = secretKeyFile(dataDir);
  if (existsSync(file)) {
    const key = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
    if (key.length !== 32) throw new Error(`${file} does not hold a 32-byte base64 key`);
    return key;
  }
  ensureOwnerOnlyDir(dataDir);
  const key = randomBytes(32);
  writeFileSync(file, `${key.toString('base64')}\n`, { mode: OWNER_ONLY_FILE, flag: 'wx' });
  return key;
}

/** Parses a base64 key from the environment; throws a clear error when it is not 32 bytes. */
export function parseSecretKey(base64: string): Buffer {
  const key = Buffer.from(base64, 'base64');
  if (key.length !== 32) throw new Error('PERSONA_MCP_SECRET_KEY must be 32 bytes, base64-encoded');
  return key;
}

/**
 * Opens the store. Every read goes to the file (another process may have written it); writes go
 * to a temporary file renamed into place, so a reader never sees half a file. Existing key and
 * secrets files wider than 0600 are narrowed on open.
 */
export function createSecretStore(options: SecretStoreOptions): SecretStore {
  const file = join(options.dataDir, 'secrets.json');
  narrowToOwner(file);
  narrowToOwner(secretKeyFile(options.dataDir));
  let key = options.key;
  const keyOf = () => (key ??= loadOrCreateKeyFile(options.dataDir));
  const read = (): z.infer<typeof FileSchema> => {
    if (!existsSync(file)) return { version: 1, entries: {} };
    return FileSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
  };
  const write = (content: z.infer<typeof FileSchema>) => {
    ensureOwnerOnlyDir(options.dataDir);
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(content, null, 2), { mode: OWNER_ONLY_FILE });
    if (POSIX_MODES) chmodSync(tmp, OWNER_ONLY_FILE);
    renameSync(tmp, file);
  };
  return {
    get(name) {
      const sealed = read().entries[name];
      if (!sealed) return undefined;
      const decipher = createDecipheriv('aes-256-gcm', keyOf(), Buffer.from(sealed.iv, 'base64'));
      decipher.setAAD(Buffer.from(name));
      decipher.setAuthTag(Buffer.from(sealed.tag, 'base64'));
      try {
        return Buffer.concat([decipher.update(Buffer.from(sealed.data, 'base64')), decipher.final()]).toString('utf8');
      } catch {
        throw new Error(`secret "${name}" cannot be decrypted with this key (was the key replaced?)`);
      }
    },
    has: (name) => read().entries[name] !== undefined,
    set(name, value) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', keyOf(), iv);
      cipher.setAAD(Buffer.from(name));
      const data = Buffer.concat([cipher.update(value, 'utf8'), cipher.final()]);
      const content = read();
      content.entries[name] = { iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64'), data: data.toString('base64') };
      write(content);
    },
    delete(name) {
      const content = read();
      if (!(name in content.entries)) return;
      delete content.entries[name];
      write(content);
    },
    names: () => Object.keys(read().entries),
  };
}

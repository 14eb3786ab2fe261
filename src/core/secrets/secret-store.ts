// Write-only secrets (Matrix tokens and passwords, LLM API keys, access tokens) kept outside the
// database: `<data dir>/secrets.json`, mode 0600, each value sealed with AES-256-GCM.
// The key comes from the caller (the desktop app protects it with the OS keychain via safeStorage
// and hands it to children as PERSONA_MCP_SECRET_KEY) or, headless, from `<data dir>/secret.key` (0600).
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { OWNER_ONLY_FILE, ensureOwnerOnlyDir, narrowToOwner, writeOwnerOnlyFile } from './owner-only.ts';
import { seal, unseal } from './sealed-file.ts';

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
  const write = (content: z.infer<typeof FileSchema>) => writeOwnerOnlyFile(file, JSON.stringify(content, null, 2));
  return {
    get(name) {
      const sealed = read().entries[name];
      if (!sealed) return undefined;
      const parts = { iv: Buffer.from(sealed.iv, 'base64'), tag: Buffer.from(sealed.tag, 'base64'), data: Buffer.from(sealed.data, 'base64') };
      const value = unseal(parts, keyOf(), name);
      if (value === null) throw new Error(`secret "${name}" cannot be decrypted with this key (was the key replaced?)`);
      return value.toString('utf8');
    },
    has: (name) => read().entries[name] !== undefined,
    set(name, value) {
      const { iv, tag, data } = seal(Buffer.from(value, 'utf8'), keyOf(), name);
      const content = read();
      content.entries[name] = { iv: iv.toString('base64'), tag: tag.toString('base64'), data: data.toString('base64') };
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

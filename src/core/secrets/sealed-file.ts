// Sealed files: bulky secrets that do not belong in secrets.json (a bot's end-to-end encryption
// store), sealed with the same key as the secret store (AES-256-GCM, the label as associated data).
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { OWNER_ONLY_DIR, OWNER_ONLY_FILE, POSIX_MODES } from './owner-only.ts';

const MAGIC = Buffer.from('PMSEAL1\n');

/** Seals `data` into `file` (owner-only, written to a temp file renamed into place). */
export function writeSealedFile(file: string, data: Buffer, key: Buffer, label: string): void {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(label));
  const body = Buffer.concat([cipher.update(data), cipher.final()]);
  mkdirSync(dirname(file), { recursive: true, mode: OWNER_ONLY_DIR });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, Buffer.concat([MAGIC, iv, cipher.getAuthTag(), body]), { mode: OWNER_ONLY_FILE });
  if (POSIX_MODES) chmodSync(tmp, OWNER_ONLY_FILE);
  renameSync(tmp, file);
}

/** Opens a sealed file: null when it does not exist; throws when the key or label does not fit. */
export function readSealedFile(file: string, key: Buffer, label: string): Buffer | null {
  if (!existsSync(file)) return null;
  const raw = readFileSync(file);
  if (!raw.subarray(0, MAGIC.length).equals(MAGIC)) throw new Error(`${file} is not a sealed file`);
  const iv = raw.subarray(MAGIC.length, MAGIC.length + 12);
  const tag = raw.subarray(MAGIC.length + 12, MAGIC.length + 28);
  const decipher = createDecipheriv('aes-256-gcm', key, iv);
  decipher.setAAD(Buffer.from(label));
  decipher.setAuthTag(tag);
  try {
    return Buffer.concat([decipher.update(raw.subarray(MAGIC.length + 28)), decipher.final()]);
  } catch {
    throw new Error(`${file} cannot be opened with this key (was the key replaced?)`);
  }
}

// Sealing with the store's key (AES-256-GCM, a label as associated data, so a sealed value moved
// under another name does not open), used by the secret store for each value and for sealed files:
// bulky secrets that do not belong in secrets.json (a bot's end-to-end encryption store).
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { writeOwnerOnlyFile } from './owner-only.ts';

const MAGIC = Buffer.from('PMSEAL1\n');
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** A sealed value: the random nonce, the GCM tag and the ciphertext. */
export interface Sealed {
  iv: Buffer;
  tag: Buffer;
  data: Buffer;
}

/** Seals `data` with `key` (32 bytes), bound to `label`. */
export function seal(data: Buffer, key: Buffer, label: string): Sealed {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(label));
  const body = Buffer.concat([cipher.update(data), cipher.final()]);
  return { iv, tag: cipher.getAuthTag(), data: body };
}

/** Opens what `seal` made; null when the key or the label does not fit (or it was tampered with). */
export function unseal(sealed: Sealed, key: Buffer, label: string): Buffer | null {
  if (sealed.iv.length !== IV_BYTES || sealed.tag.length !== TAG_BYTES) return null;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, sealed.iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.from(label));
    decipher.setAuthTag(sealed.tag);
    return Buffer.concat([decipher.update(sealed.data), decipher.final()]);
  } catch {
    return null;
  }
}

/** Seals `data` into `file` (owner-only, written atomically). */
export function writeSealedFile(file: string, data: Buffer, key: Buffer, label: string): void {
  const { iv, tag, data: body } = seal(data, key, label);
  writeOwnerOnlyFile(file, Buffer.concat([MAGIC, iv, tag, body]));
}

/** Opens a sealed file: null when it does not exist; throws when the key or label does not fit. */
export function readSealedFile(file: string, key: Buffer, label: string): Buffer | null {
  if (!existsSync(file)) return null;
  const raw = readFileSync(file);
  if (!raw.subarray(0, MAGIC.length).equals(MAGIC)) throw new Error(`${file} is not a sealed file`);
  const at = MAGIC.length;
  const opened = unseal({ iv: raw.subarray(at, at + IV_BYTES), tag: raw.subarray(at + IV_BYTES, at + IV_BYTES + TAG_BYTES), data: raw.subarray(at + IV_BYTES + TAG_BYTES) }, key, label);
  if (opened === null) throw new Error(`${file} cannot be opened with this key (was the key replaced?)`);
  return opened;
}

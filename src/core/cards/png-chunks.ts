/**
 * Minimal PNG chunk codec for Character Card images: chunk reading with signature and CRC checks,
 * tEXt/zTXt/iTXt text extraction, tEXt writing before IEND, and a generated solid-colour RGB image.
 * Only node:zlib and Buffer are used.
 */
import { crc32, deflateSync, inflateSync } from 'node:zlib';
import { AppError } from '../../shared/index.ts';

/** The 8-byte PNG file signature. */
export const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** One PNG chunk: its 4-letter type and its data (length and CRC are derived). */
export interface PngChunk {
  type: string;
  data: Buffer;
}

const TEXT_TYPES = new Set(['tEXt', 'zTXt', 'iTXt']);

function corrupt(message: string): AppError {
  return new AppError('INVALID_PARAMS', `Invalid PNG: ${message}`, {
    issues: [{ path: ['png_base64'], code: 'invalid_png', message }],
  });
}

/** True when `buf` starts with the PNG signature. */
export function isPng(buf: Uint8Array): boolean {
  return buf.length >= 8 && Buffer.from(buf.buffer, buf.byteOffset, 8).equals(PNG_SIGNATURE);
}

/**
 * Parses every chunk up to and including IEND. A missing signature → UNSUPPORTED_FORMAT; a truncated
 * file, a bad CRC or a missing IEND → INVALID_PARAMS (issue path `png_base64`).
 */
export function readPngChunks(input: Uint8Array): PngChunk[] {
  const buf = Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  if (!isPng(buf)) throw new AppError('UNSUPPORTED_FORMAT', 'Not a PNG image', { details: { reason: 'png_signature' } });
  const chunks: PngChunk[] = [];
  let pos = 8;
  while (pos < buf.length) {
    if (pos + 12 > buf.length) throw corrupt(`truncated chunk header at byte ${pos}`);
    const length = buf.readUInt32BE(pos);
    const type = buf.toString('latin1', pos + 4, pos + 8);
    const end = pos + 12 + length;
    if (length > 0x7fffffff || end > buf.length) throw corrupt(`chunk ${JSON.stringify(type)} at byte ${pos} runs past the end`);
    if (!/^[A-Za-z]{4}$/.test(type)) throw corrupt(`bad chunk type at byte ${pos}`);
    const expected = buf.readUInt32BE(pos + 8 + length);
    if (crc32(buf.subarray(pos + 4, pos + 8 + length)) !== expected) throw corrupt(`CRC mismatch in chunk ${type} at byte ${pos}`);
    chunks.push({ type, data: Buffer.from(buf.subarray(pos + 8, pos + 8 + length)) });
    pos = end;
    if (type === 'IEND') return chunks;
  }
  throw corrupt('no IEND chunk');
}

/** Serialises chunks (signature first, lengths and CRCs computed). */
export function encodePng(chunks: readonly PngChunk[]): Buffer {
  const parts: Buffer[] = [PNG_SIGNATURE];
  for (const chunk of chunks) {
    const head = Buffer.alloc(8);
    head.writeUInt32BE(chunk.data.length, 0);
    head.write(chunk.type, 4, 'latin1');
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(chunk.data, crc32(head.subarray(4))), 0);
    parts.push(head, chunk.data, crc);
  }
  return Buffer.concat(parts);
}

/** A text chunk decoded: keyword (as written) and text. */
export interface PngText {
  keyword: string;
  text: string;
}

/** Decodes a tEXt (Latin-1), zTXt (deflated Latin-1) or iTXt (UTF-8, optionally deflated) chunk; null if malformed. */
export function decodeTextChunk(chunk: PngChunk): PngText | null {
  if (!TEXT_TYPES.has(chunk.type)) return null;
  const data = chunk.data;
  const nul = data.indexOf(0);
  if (nul < 1) return null;
  const keyword = data.toString('latin1', 0, nul);
  try {
    if (chunk.type === 'tEXt') return { keyword, text: data.toString('latin1', nul + 1) };
    if (chunk.type === 'zTXt') return { keyword, text: inflateSync(data.subarray(nul + 2)).toString('latin1') };
    const compressed = data[nul + 1] === 1;
    const langEnd = data.indexOf(0, nul + 3);
    const transEnd = langEnd < 0 ? -1 : data.indexOf(0, langEnd + 1);
    if (transEnd < 0) return null;
    const body = data.subarray(transEnd + 1);
    return { keyword, text: (compressed ? inflateSync(body) : body).toString('utf8') };
  } catch {
    return null;
  }
}

/** Every decodable text chunk of the PNG, in file order. */
export function readPngTexts(input: Uint8Array): PngText[] {
  return readPngChunks(input)
    .map(decodeTextChunk)
    .filter((t): t is PngText => t !== null);
}

/** A tEXt chunk; keyword 1–79 Latin-1 characters, text Latin-1 (card payloads are base64, i.e. ASCII). */
export function textChunk(keyword: string, text: string): PngChunk {
  if (!/^[\x20-\x7e\xa1-\xff]{1,79}$/.test(keyword)) throw new RangeError(`invalid PNG text keyword ${JSON.stringify(keyword)}`);
  // eslint-disable-next-line no-control-regex -- tEXt text is Latin-1 only
  if (/[^\x00-\xff]/.test(text)) throw new RangeError('tEXt text must be Latin-1');
  return { type: 'tEXt', data: Buffer.concat([Buffer.from(keyword, 'latin1'), Buffer.from([0]), Buffer.from(text, 'latin1')]) };
}

/**
 * Returns a copy of the PNG in which every text chunk (tEXt/zTXt/iTXt) whose keyword matches one of
 * `entries` or `remove` (case-insensitively) is dropped and new tEXt chunks are inserted just before IEND.
 */
export function withTextChunks(
  input: Uint8Array,
  entries: readonly (readonly [keyword: string, text: string])[],
  remove: readonly string[] = [],
): Buffer {
  const replace = new Set([...entries.map(([k]) => k), ...remove].map((k) => k.toLowerCase()));
  const kept = readPngChunks(input).filter((c) => {
    if (!TEXT_TYPES.has(c.type)) return true;
    const nul = c.data.indexOf(0);
    return nul < 0 || !replace.has(c.data.toString('latin1', 0, nul).toLowerCase());
  });
  const iend = kept.length - 1;
  const added = entries.map(([k, t]) => textChunk(k, t));
  return encodePng([...kept.slice(0, iend), ...added, ...kept.slice(iend)]);
}

/** A valid `width`×`height` 8-bit RGB PNG filled with `rgb` (0xRRGGBB); scanlines use filter 0. */
export function solidPng(width: number, height: number, rgb: number): Buffer {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1 || width * height > 1 << 24) {
    throw new RangeError(`bad PNG size ${width}x${height}`);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8); // bit depth 8, colour type RGB, deflate, adaptive filtering, no interlace
  const row = Buffer.alloc(1 + width * 3);
  for (let x = 0; x < width; x += 1) row.set([(rgb >>> 16) & 0xff, (rgb >>> 8) & 0xff, rgb & 0xff], 1 + x * 3);
  const raw = Buffer.concat(Array.from({ length: height }, () => row));
  return encodePng([
    { type: 'IHDR', data: ihdr },
    { type: 'IDAT', data: deflateSync(raw) },
    { type: 'IEND', data: Buffer.alloc(0) },
  ]);
}

/**
 * Character Cards inside PNG images: read the `ccv3`/`chara` text chunk
 * (ccv3 preferred; tEXt, zTXt and iTXt read), write a card into the persona's icon or a generated image.
 */
import { AppError, type Persona } from '../../shared/index.ts';
import { fnv1a32 } from '../text/text.model.ts';
import { personaToCard, type CharacterCard } from './card-export.model.ts';
import { isPng, readPngTexts, solidPng, withTextChunks } from './png-chunks.ts';

/** The card JSON found in a PNG and the chunk keyword it came from. */
export interface PngCardPayload {
  keyword: 'ccv3' | 'chara';
  json: unknown;
}

const ZIP_SIGNATURE = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const PNG_DATA_URI = /^data:image\/png;base64,/i;
/** Size of the generated card image. */
export const CARD_IMAGE_SIZE = 256;

function decodePayload(text: string, keyword: string): unknown {
  const trimmed = text.trim();
  try {
    const json = trimmed.startsWith('{') ? trimmed : Buffer.from(trimmed, 'base64').toString('utf8');
    return JSON.parse(json) as unknown;
  } catch {
    throw new AppError('INVALID_PARAMS', `The ${keyword} chunk is not base64 UTF-8 JSON`, {
      issues: [{ path: ['png_base64'], code: 'invalid_card_chunk', message: `${keyword} chunk is not base64 UTF-8 JSON` }],
    });
  }
}

/**
 * The card JSON embedded in a PNG: `ccv3` preferred over `chara` (keywords case-insensitive).
 * CHARX (zip) → UNSUPPORTED_FORMAT; not a PNG or no card chunk → UNSUPPORTED_FORMAT.
 */
export function readCardFromPng(buffer: Uint8Array): PngCardPayload {
  const buf = Buffer.from(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  if (buf.length >= 4 && buf.subarray(0, 4).equals(ZIP_SIGNATURE)) {
    throw new AppError('UNSUPPORTED_FORMAT', 'CHARX (zip) cards are not supported', { details: { reason: 'charx' } });
  }
  const texts = readPngTexts(buf);
  for (const keyword of ['ccv3', 'chara'] as const) {
    const found = texts.find((t) => t.keyword.toLowerCase() === keyword);
    if (found) return { keyword, json: decodePayload(found.text, keyword) };
  }
  throw new AppError('UNSUPPORTED_FORMAT', 'PNG has no ccv3 or chara card chunk', { details: { reason: 'no_card_chunk' } });
}

/** The persona's `icon`/`main` asset decoded, when it is a `data:image/png;base64,` URI of a PNG; else null. */
export function personaIconPng(persona: Persona): Buffer | null {
  const icon = persona.assets.find((a) => a.type === 'icon' && a.name === 'main');
  const uri = icon?.uri;
  if (typeof uri !== 'string' || !PNG_DATA_URI.test(uri)) return null;
  const png = Buffer.from(uri.slice(uri.indexOf(',') + 1), 'base64');
  return isPng(png) ? png : null;
}

const base64Json = (value: unknown): string => Buffer.from(JSON.stringify(value), 'utf8').toString('base64');

/**
 * A PNG carrying `card`: the persona's icon/main PNG if it has one, else a 256×256 solid image of colour
 * `fnv1a32(name) & 0xffffff`. V3 cards are written as `ccv3` plus a V2 `chara` backfill; any older
 * card chunks in the image are replaced (a V2 export drops a stale `ccv3`).
 */
export function writeCardPng(card: CharacterCard, persona: Persona): Buffer {
  const entries: [string, string][] = [];
  if (card.spec === 'chara_card_v3') {
    const modified = card.data.modification_date;
    const now = typeof modified === 'number' ? modified : Math.floor(Date.parse(persona.updated_at) / 1000);
    entries.push(['chara', base64Json(personaToCard(persona, 'v2', now))], ['ccv3', base64Json(card)]);
  } else {
    entries.push(['chara', base64Json(card)]);
  }
  const remove = ['ccv3', 'chara'];
  const icon = personaIconPng(persona);
  if (icon) {
    try {
      return withTextChunks(icon, entries, remove);
    } catch {
      // A damaged icon falls back to the generated image.
    }
  }
  return withTextChunks(solidPng(CARD_IMAGE_SIZE, CARD_IMAGE_SIZE, fnv1a32(persona.name) & 0xffffff), entries, remove);
}

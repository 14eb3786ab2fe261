import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { AppError, PersonaCreateInputSchema, type Persona } from '../../../../src/shared/index.ts';
import { newPersona } from '../../../../src/core/persona/persona-input.model.ts';
import { fnv1a32 } from '../../../../src/core/text/text.model.ts';
import {
  cardToPersonaInput, detectCard, personaToCard, readCardFromPng, readPngChunks, readPngTexts, solidPng, withTextChunks, writeCardPng,
} from '../../../../src/core/cards/index.ts';

const NOW = '2026-11-25T10:00:00.000Z';
const NOW_S = 1_795_000_000;
const ID = 'c9c9c9c9-0000-4000-8000-000000000009';

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value), 'utf8').toString('base64');
const unb64 = (text: string) => JSON.parse(Buffer.from(text, 'base64').toString('utf8')) as Record<string, unknown>;

function persona(fields: Record<string, unknown> = {}): Persona {
  return newPersona(PersonaCreateInputSchema.parse({
    name: 'Mira', description: 'A ferry pilot.', personality_traits: { calm: 80 }, ...fields,
  }), NOW, ID);
}

function firstPixel(png: Buffer): { width: number; height: number; rgb: number[] } {
  const chunks = readPngChunks(png);
  const ihdr = chunks[0]!.data;
  const raw = inflateSync(Buffer.concat(chunks.filter((c) => c.type === 'IDAT').map((c) => c.data)));
  return { width: ihdr.readUInt32BE(0), height: ihdr.readUInt32BE(4), rgb: [...raw.subarray(1, 4)] };
}

function appError(fn: () => unknown): AppError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    return err as AppError;
  }
  throw new Error('expected an AppError');
}

describe('writeCardPng', () => {
  it('writes V3 as ccv3 plus a V2 chara backfill into a 256×256 image coloured by the name hash', () => {
    const p = persona();
    const card = personaToCard(p, 'v3', NOW_S);
    const png = writeCardPng(card, p);
    const colour = fnv1a32('Mira') & 0xffffff;
    expect(firstPixel(png)).toEqual({ width: 256, height: 256, rgb: [colour >>> 16, (colour >>> 8) & 0xff, colour & 0xff] });
    const texts = readPngTexts(png);
    expect(texts.map((t) => t.keyword)).toEqual(['chara', 'ccv3']);
    expect(unb64(texts[1]!.text)).toEqual(card);
    expect(unb64(texts[0]!.text)).toEqual(personaToCard(p, 'v2', NOW_S));
    expect(readCardFromPng(png)).toEqual({ keyword: 'ccv3', json: card });
  });

  it('embeds into the icon/main data: PNG asset and drops a stale ccv3 on V2 export', () => {
    const icon = withTextChunks(solidPng(4, 3, 0x102030), [['ccv3', b64({ spec: 'chara_card_v3', data: { name: 'Stale' } })], ['Title', 'kept']]);
    const p: Persona = { ...persona(), assets: [{ type: 'icon', name: 'main', ext: 'png', uri: `data:image/png;base64,${icon.toString('base64')}` }] };
    const card = personaToCard(p, 'v2', NOW_S);
    const png = writeCardPng(card, p);
    expect(firstPixel(png)).toEqual({ width: 4, height: 3, rgb: [0x10, 0x20, 0x30] });
    expect(readPngTexts(png).map((t) => t.keyword)).toEqual(['Title', 'chara']);
    expect(readCardFromPng(png)).toEqual({ keyword: 'chara', json: card });
  });

  it('falls back to the generated image when the icon is not a PNG data URI', () => {
    const p: Persona = { ...persona(), assets: [{ type: 'icon', name: 'main', ext: 'png', uri: 'https://x.test/a.png' }] };
    expect(firstPixel(writeCardPng(personaToCard(p, 'v3', NOW_S), p)).width).toBe(256);
  });

  it('round-trips persona → PNG → persona', () => {
    const p = persona({ tags: ['boat'], charisma: 17 });
    const png = writeCardPng(personaToCard(p, 'v3', NOW_S), p);
    const { json } = readCardFromPng(Buffer.from(png.toString('base64'), 'base64'));
    const { spec, input, extras, warnings } = cardToPersonaInput(detectCard(json));
    expect([spec, warnings]).toEqual(['chara_card_v3', []]);
    const { updated_at: _a, ...back } = { ...newPersona(input, '2027-01-01T00:00:00.000Z', ID), ...extras };
    const { updated_at: _b, source, ...rest } = p;
    expect(back).toEqual({ ...rest, source: [...source, `persona-mcp:${ID}`] });
  });
});

describe('readCardFromPng', () => {
  const v2 = { spec: 'chara_card_v2', spec_version: '2.0', data: { name: 'Old' } };
  const v3 = { spec: 'chara_card_v3', spec_version: '3.0', data: { name: 'New' } };

  it('prefers ccv3 over chara whatever the chunk order', () => {
    const png = withTextChunks(solidPng(2, 2, 0), [['chara', b64(v2)], ['ccv3', b64(v3)]]);
    expect(readCardFromPng(png)).toEqual({ keyword: 'ccv3', json: v3 });
    const reversed = withTextChunks(solidPng(2, 2, 0), [['ccv3', b64(v3)], ['chara', b64(v2)]]);
    expect(readCardFromPng(reversed).json).toEqual(v3);
  });

  it('reads a lone chara chunk (V2) and raw JSON text', () => {
    expect(readCardFromPng(withTextChunks(solidPng(2, 2, 0), [['chara', b64(v2)]]))).toEqual({ keyword: 'chara', json: v2 });
    expect(readCardFromPng(withTextChunks(solidPng(2, 2, 0), [['Chara', JSON.stringify(v2)]])).json).toEqual(v2);
  });

  it('rejects CHARX, PNGs without a card chunk and non-PNG data with UNSUPPORTED_FORMAT', () => {
    const charx = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(60)]);
    expect(appError(() => readCardFromPng(charx))).toMatchObject({ code: 'UNSUPPORTED_FORMAT', details: { reason: 'charx' } });
    const plain = withTextChunks(solidPng(2, 2, 0), [['Comment', 'no card here']]);
    expect(appError(() => readCardFromPng(plain))).toMatchObject({ code: 'UNSUPPORTED_FORMAT', details: { reason: 'no_card_chunk' } });
    expect(appError(() => readCardFromPng(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0, 0, 0]))).code).toBe('UNSUPPORTED_FORMAT');
  });

  it('rejects a card chunk that is not base64 JSON with INVALID_PARAMS', () => {
    const png = withTextChunks(solidPng(2, 2, 0), [['ccv3', '!!!not base64 json']]);
    expect(appError(() => readCardFromPng(png))).toMatchObject({ code: 'INVALID_PARAMS', issues: [{ path: ['png_base64'] }] });
  });
});

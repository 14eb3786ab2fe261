import { deflateSync, inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../../src/shared/index.ts';
import {
  PNG_SIGNATURE, encodePng, readPngChunks, readPngTexts, solidPng, textChunk, withTextChunks, type PngChunk,
} from '../../../../src/core/cards/index.ts';

/** Decodes an 8-bit RGB, filter-0 PNG (what solidPng writes) into size and a pixel reader. */
function decodeRgb(png: Buffer) {
  const chunks = readPngChunks(png);
  const ihdr = chunks.find((c) => c.type === 'IHDR')!.data;
  const width = ihdr.readUInt32BE(0);
  const height = ihdr.readUInt32BE(4);
  const raw = inflateSync(Buffer.concat(chunks.filter((c) => c.type === 'IDAT').map((c) => c.data)));
  const stride = 1 + width * 3;
  return {
    width, height, bitDepth: ihdr[8], colorType: ihdr[9], raw, stride,
    pixel: (x: number, y: number) => [...raw.subarray(y * stride + 1 + x * 3, y * stride + 4 + x * 3)],
  };
}

function expectAppError(fn: () => unknown, code: string): AppError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe(code);
    return err as AppError;
  }
  throw new Error(`expected ${code}`);
}

const itxt = (keyword: string, text: string, compressed: boolean): PngChunk => ({
  type: 'iTXt',
  data: Buffer.concat([
    Buffer.from(`${keyword}\0`, 'latin1'), Buffer.from([compressed ? 1 : 0, 0]), Buffer.from('en\0\0', 'latin1'),
    compressed ? deflateSync(Buffer.from(text, 'utf8')) : Buffer.from(text, 'utf8'),
  ]),
});

describe('solidPng', () => {
  it('is a valid 256×256 RGB image of one colour', () => {
    const png = solidPng(256, 256, 0x123456);
    expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    expect(readPngChunks(png).map((c) => c.type)).toEqual(['IHDR', 'IDAT', 'IEND']);
    const img = decodeRgb(png);
    expect([img.width, img.height, img.bitDepth, img.colorType]).toEqual([256, 256, 8, 2]);
    expect(img.raw.length).toBe(256 * (1 + 256 * 3));
    for (let y = 0; y < 256; y += 51) expect(img.raw[y * img.stride]).toBe(0);
    expect(img.pixel(0, 0)).toEqual([0x12, 0x34, 0x56]);
    expect(img.pixel(200, 131)).toEqual([0x12, 0x34, 0x56]);
    expect(img.pixel(255, 255)).toEqual([0x12, 0x34, 0x56]);
  });

  it('supports other sizes and rejects nonsense', () => {
    const img = decodeRgb(solidPng(3, 2, 0xff0080));
    expect([img.width, img.height]).toEqual([3, 2]);
    expect(img.pixel(2, 1)).toEqual([0xff, 0x00, 0x80]);
    expect(() => solidPng(0, 10, 0)).toThrow(RangeError);
  });
});

describe('PNG chunks', () => {
  it('round-trips chunks byte for byte', () => {
    const png = withTextChunks(solidPng(8, 8, 0xabcdef), [['chara', 'AAAA'], ['Comment', 'hello']]);
    const chunks = readPngChunks(png);
    expect(chunks.map((c) => c.type)).toEqual(['IHDR', 'IDAT', 'tEXt', 'tEXt', 'IEND']);
    expect(encodePng(chunks).equals(png)).toBe(true);
    expect(readPngTexts(png)).toEqual([{ keyword: 'chara', text: 'AAAA' }, { keyword: 'Comment', text: 'hello' }]);
  });

  it('replaces text chunks by keyword (case-insensitive), keeps others, inserts before IEND', () => {
    const first = withTextChunks(solidPng(2, 2, 0), [['chara', 'old'], ['ccv3', 'stale'], ['Software', 'x']]);
    const next = withTextChunks(first, [['CHARA', 'new']], ['ccv3']);
    expect(readPngTexts(next)).toEqual([{ keyword: 'Software', text: 'x' }, { keyword: 'CHARA', text: 'new' }]);
    expect(readPngChunks(next).at(-1)?.type).toBe('IEND');
  });

  it('reads iTXt (plain and deflated) and zTXt text', () => {
    const base = readPngChunks(solidPng(2, 2, 0));
    const ztxt: PngChunk = { type: 'zTXt', data: Buffer.concat([Buffer.from('z\0', 'latin1'), Buffer.from([0]), deflateSync(Buffer.from('zipped'))]) };
    const png = encodePng([...base.slice(0, 2), itxt('a', 'héllo ✓', false), itxt('b', 'ünïcode', true), ztxt, ...base.slice(2)]);
    expect(readPngTexts(png)).toEqual([
      { keyword: 'a', text: 'héllo ✓' }, { keyword: 'b', text: 'ünïcode' }, { keyword: 'z', text: 'zipped' },
    ]);
  });

  it('rejects a corrupted chunk by its CRC', () => {
    const png = withTextChunks(solidPng(4, 4, 0x00ff00), [['chara', 'payload']]);
    const bad = Buffer.from(png);
    const at = bad.indexOf(Buffer.from('payload'));
    bad[at] = 'P'.charCodeAt(0);
    const err = expectAppError(() => readPngChunks(bad), 'INVALID_PARAMS');
    expect(err.issues?.[0]?.path).toEqual(['png_base64']);
    expect(err.message).toMatch(/CRC mismatch in chunk tEXt/);
  });

  it('rejects truncated files, missing IEND and non-PNG data', () => {
    const png = solidPng(4, 4, 0);
    expectAppError(() => readPngChunks(png.subarray(0, png.length - 6)), 'INVALID_PARAMS');
    expectAppError(() => readPngChunks(png.subarray(0, png.length - 12)), 'INVALID_PARAMS');
    expectAppError(() => readPngChunks(Buffer.from('GIF89a not a png')), 'UNSUPPORTED_FORMAT');
  });

  it('writes only Latin-1 tEXt with a valid keyword', () => {
    expect(() => textChunk('', 'x')).toThrow(RangeError);
    expect(() => textChunk('k', 'snow ☃')).toThrow(RangeError);
    expect(textChunk('ccv3', 'QUJD').data.toString('latin1')).toBe('ccv3\0QUJD');
  });
});

import { describe, expect, it } from 'vitest';
import { decodeFrame } from '../../../../src/services/mcp/frame-limits.ts';

const limits = { messageBytes: 1024, importBytes: 4096 };
const decode = (msg: unknown, pad = 0) => {
  const text = JSON.stringify(msg).replace(/}$/, `${' '.repeat(pad)}}`);
  return decodeFrame(text, Buffer.byteLength(text), limits);
};

describe('frame size rules', () => {
  it('accepts frames within the message limit', () => {
    expect(decode({ jsonrpc: '2.0', id: 1, method: 'ping' }).frame?.kind).toBe('single');
  });

  it('answers a larger frame with PAYLOAD_TOO_LARGE and the id echoed', () => {
    const { reply } = decode({ jsonrpc: '2.0', id: 'big', method: 'persona.create', params: {} }, 2000);
    expect(reply).toMatchObject({ id: 'big', error: { code: -32013, data: { code: 'PAYLOAD_TOO_LARGE', details: { limit_bytes: 1024 } } } });
  });

  it('lets persona.import and state.load use the import limit', () => {
    expect(decode({ jsonrpc: '2.0', id: 1, method: 'persona.import', params: {} }, 2000).frame).toBeDefined();
    expect(decode({ jsonrpc: '2.0', id: 1, method: 'state.load', params: {} }, 3000).frame).toBeDefined();
    const over = decode({ jsonrpc: '2.0', id: 2, method: 'persona.import', params: {} }, 5000).reply;
    expect(over).toMatchObject({ id: 2, error: { data: { details: { limit_bytes: 4096 } } } });
  });

  it('uses id null for oversized batches and unparsable frames', () => {
    const batch = JSON.stringify([{ jsonrpc: '2.0', id: 1, method: 'persona.import', params: { x: 'y'.repeat(2000) } }]);
    expect(decodeFrame(batch, batch.length, limits).reply).toMatchObject({ id: null, error: { code: -32013 } });
    const junk = `{${'x'.repeat(2000)}`;
    expect(decodeFrame(junk, junk.length, limits).reply).toMatchObject({ id: null, error: { code: -32013 } });
    expect(decodeFrame('{nope', 5, limits).reply).toMatchObject({ id: null, error: { code: -32700, data: { code: 'PARSE_ERROR' } } });
    expect(decodeFrame('[]', 2, limits).reply).toMatchObject({ id: null, error: { code: -32600 } });
  });
});

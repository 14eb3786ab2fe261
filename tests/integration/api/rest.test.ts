// The generated REST routes through inject() over a real core: coercion of query strings, the
// error shape and status of every kind of bad input (each changes nothing), internal errors
// without leaks, and the participant platform REST defaults to.
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { OPERATIONS, configureLogging, createOperationTable, defineOperation } from '../../../src/core/index.ts';
import { buildApiApp } from '../../../src/services/api/index.ts';
import { createHostLink } from '../../../src/services/runtime/index.ts';
import { databaseDigest } from '../../support/core-harness.ts';
import { injectApi, type InjectApi } from './api-harness.ts';

let t: InjectApi;
const json = { 'content-type': 'application/json' };

beforeAll(async () => {
  configureLogging({ level: 'silent' });
  t = await injectApi();
});
afterAll(() => t.close());

describe('generated routes', () => {
  it('GET coerces numbers, booleans and arrays from the query string', async () => {
    await t.app.inject({ method: 'POST', url: '/api/personas', payload: { name: 'Quinn', tags: ['a'] } });
    const page = await t.app.inject({ url: '/api/personas?limit=1&offset=1&available_only=false' });
    expect(page.statusCode).toBe(200);
    expect(page.json().personas).toHaveLength(1);
    expect(page.json().total_count).toBe(3);
    const stored = await t.app.inject({ method: 'POST', url: '/api/personas/Kira/memories', payload: { content: 'Kira keeps a spare key under the mat.', visibility: 'public', importance: 0.9 } });
    expect(stored.statusCode).toBe(200);
    const id = stored.json().memory_id as string;
    const deleted = await t.app.inject({ method: 'DELETE', url: `/api/memories/${id}?hard=true` });
    expect(deleted.statusCode).toBe(200);
    const gone = await t.app.inject({ url: `/api/memories/${id}` });
    expect(gone.json().error.code).toBe('MEMORY_NOT_FOUND');
  });

  it('arrays come as repeated keys or comma-separated values', async () => {
    const repeated = await t.app.inject({ url: '/api/personas/Kira/memories/search?query=key&memory_type=observation&memory_type=fact' });
    const comma = await t.app.inject({ url: '/api/personas/Kira/memories/search?query=key&memory_type=observation,fact' });
    expect(repeated.statusCode, repeated.body).toBe(200);
    expect(comma.json()).toEqual(repeated.json());
  });

  it('path params take the persona name or id; a POST body fills the rest', async () => {
    const byName = await t.app.inject({ url: '/api/personas/aria' });
    const byId = await t.app.inject({ url: `/api/personas/${byName.json().persona.id}` });
    expect(byId.json().persona.name).toBe('Aria');
    const update = await t.app.inject({ method: 'PATCH', url: '/api/personas/Quinn', headers: json, payload: JSON.stringify({ description: 'Quiet.', persona_id: 'Aria' }) });
    expect(update.json().persona.name).toBe('Quinn');
  });

  it('a chat without participant is an anonymous participant on platform api', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/personas/Aria/chat', payload: { message: 'Hello there' } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('application/json');
    expect(res.json().participant.key).toBe('api:anonymous');
  });

  it('POST without a body is an empty input', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/memories/decay/stop' });
    expect(res.statusCode).toBe(200);
    expect(res.json().status).toBe('background_decay_stopped');
  });
});

describe('bad input is a typed 4xx and changes nothing', () => {
  const cases: [string, InjectOptions, number, string][] = [
    ['invalid body fields', { method: 'POST', url: '/api/personas', payload: { name: '', charisma: 'high' } }, 400, 'INVALID_PARAMS'],
    ['a body that is an array', { method: 'POST', url: '/api/personas', payload: [1, 2] }, 400, 'INVALID_PARAMS'],
    ['invalid JSON', { method: 'POST', url: '/api/personas', headers: json, payload: '{"name": "X",' }, 400, 'PARSE_ERROR'],
    ['a text/plain body', { method: 'POST', url: '/api/personas', headers: { 'content-type': 'text/plain' }, payload: 'name=X' }, 415, 'UNSUPPORTED_FORMAT'],
    ['a form body', { method: 'PATCH', url: '/api/personas/Aria', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'description=x' }, 415, 'UNSUPPORTED_FORMAT'],
    ['a body over max_message_bytes', { method: 'POST', url: '/api/personas', headers: json, payload: JSON.stringify({ name: 'Big', description: 'x'.repeat(1_100_000) }) }, 413, 'PAYLOAD_TOO_LARGE'],
    ['an import over max_import_bytes', { method: 'POST', url: '/api/personas/import', headers: json, payload: JSON.stringify({ card: 'x'.repeat(17 * 1024 * 1024) }) }, 413, 'PAYLOAD_TOO_LARGE'],
    ['a bad query type', { url: '/api/personas?limit=lots' }, 400, 'INVALID_PARAMS'],
    ['a bad query boolean', { url: '/api/personas?available_only=maybe' }, 400, 'INVALID_PARAMS'],
    ['an unknown persona', { method: 'PATCH', url: '/api/personas/Nobody', payload: { description: 'x' } }, 404, 'PERSONA_NOT_FOUND'],
    ['an unknown memory', { method: 'DELETE', url: '/api/memories/00000000-0000-4000-8000-000000000000' }, 404, 'MEMORY_NOT_FOUND'],
    ['a malformed memory id', { url: '/api/memories/not-a-uuid' }, 400, 'INVALID_PARAMS'],
    ['a taken name', { method: 'POST', url: '/api/personas', payload: { name: 'aria' } }, 409, 'CONFLICT'],
    ['a stale expected_version', { method: 'PATCH', url: '/api/personas/Aria', payload: { description: 'x', expected_version: 99 } }, 409, 'CONFLICT'],
    ['an unknown route', { url: '/api/nothing/here' }, 404, 'ROUTE_NOT_FOUND'],
    ['a wrong method', { method: 'PUT', url: '/api/personas' }, 404, 'ROUTE_NOT_FOUND'],
  ];
  for (const [label, request, status, code] of cases) {
    it(`${label} → ${status} ${code}`, async () => {
      const before = databaseDigest(t.core);
      const res = await t.app.inject(request);
      expect(res.statusCode, res.body.slice(0, 300)).toBe(status);
      expect(res.headers['content-type']).toContain('application/json');
      const body = res.json();
      expect(body.error.code).toBe(code);
      expect(typeof body.error.message).toBe('string');
      if (code === 'INVALID_PARAMS') expect(body.error.issues.length).toBeGreaterThan(0);
      if (code === 'PAYLOAD_TOO_LARGE') expect(body.error.details.limit_bytes).toBeGreaterThan(0);
      expect(databaseDigest(t.core)).toBe(before);
    });
  }

  it('an import may be larger than max_message_bytes (up to max_import_bytes): judged on content, not size', async () => {
    const before = databaseDigest(t.core);
    const res = await t.app.inject({ method: 'POST', url: '/api/personas/import', payload: { png_base64: Buffer.alloc(1_500_000, 7).toString('base64') } });
    expect(res.statusCode, res.body.slice(0, 300)).toBe(415);
    expect(res.json().error.code).toBe('UNSUPPORTED_FORMAT');
    expect(databaseDigest(t.core)).toBe(before);
  });
});

describe('internal errors', () => {
  it('answer 500 with an error_id and nothing of the cause', async () => {
    const boom = defineOperation({
      name: 'test.boom', summary: 'fails', scope: 'read', tool: false, rest: { method: 'GET', path: '/api/test/boom' },
      input: z.object({}), output: z.object({}),
      handler: async () => { throw new Error('secret database path /var/lib/x'); },
    });
    const app = (await buildApiApp({ core: t.core, link: createHostLink(null), table: createOperationTable([...OPERATIONS, boom]) })).app;
    const res = await app.inject({ url: '/api/test/boom' });
    expect(res.statusCode).toBe(500);
    expect(res.json().error.code).toBe('INTERNAL_ERROR');
    expect(res.json().error.error_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.body).not.toContain('secret');
    await app.close();
  });

  it('a result that breaks the output schema is an internal error, not a silent contract drift', async () => {
    const drift = defineOperation({
      name: 'test.drift', summary: 'bad output', scope: 'read', tool: false, rest: { method: 'GET', path: '/api/test/drift' },
      input: z.object({}), output: z.object({ n: z.number() }),
      handler: async () => ({ n: 'not a number' }) as unknown as { n: number },
    });
    const app = (await buildApiApp({ core: t.core, link: createHostLink(null), table: createOperationTable([...OPERATIONS, drift]) })).app;
    const res = await app.inject({ url: '/api/test/drift' });
    expect(res.statusCode).toBe(500);
    expect(res.body).not.toContain('not a number');
    await app.close();
  });
});

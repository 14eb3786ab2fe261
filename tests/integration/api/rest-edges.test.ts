// The PersonaAPI's edges over a real core: every body is what its route declares (an action with no
// body takes none), JSON only in UTF-8, path errors in the error envelope with a documented status,
// path limits as the schemas', and participant filters given as a key. A refused request changes nothing.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_CODES, type ErrorCode } from '../../../src/shared/index.ts';
import { configureLogging } from '../../../src/core/index.ts';
import { databaseDigest } from '../../support/core-harness.ts';
import { makeTempDir } from '../../support/temp-dir.ts';
import { injectApi, type InjectApi } from './api-harness.ts';

let t: InjectApi;
const json = { 'content-type': 'application/json' };
const MEMORY = '00000000-0000-4000-8000-000000000000';

beforeAll(async () => {
  configureLogging({ level: 'silent' });
  t = await injectApi();
});
afterAll(() => t.close());

/** Asserts the documented envelope: JSON `{error:{code, message}}` with the code's registry status. */
function expectEnvelope(res: { statusCode: number; headers: Record<string, unknown>; json(): unknown; body: string }, code: ErrorCode): void {
  expect(res.statusCode, res.body.slice(0, 300)).toBe(ERROR_CODES[code].http);
  expect(String(res.headers['content-type'])).toContain('application/json');
  const body = res.json() as { error: { code: string; message: unknown; issues?: unknown[] } };
  expect(Object.keys(body)).toEqual(['error']);
  expect(body.error.code).toBe(code);
  expect(typeof body.error.message).toBe('string');
  if (code === 'INVALID_PARAMS') expect(body.error.issues?.length).toBeGreaterThan(0);
}

describe('an action route with no body takes none', () => {
  const bad: [string, string, ErrorCode][] = [
    ['whitespace', ' ', 'PARSE_ERROR'], ['a newline', '\n', 'PARSE_ERROR'], ['a BOM', '\ufeff', 'PARSE_ERROR'],
    ['null', 'null', 'INVALID_PARAMS'], ['an array', '[]', 'INVALID_PARAMS'], ['a number', '0', 'INVALID_PARAMS'],
    ['a string', '"stop"', 'INVALID_PARAMS'], ['false', 'false', 'INVALID_PARAMS'], ['an object with fields', '{"force":true}', 'INVALID_PARAMS'],
  ];

  for (const [label, payload, code] of bad) {
    it(`decay stop with ${label} → ${code}; the job keeps running`, async () => {
      expect((await t.app.inject({ method: 'POST', url: '/api/memories/decay/start', payload: {} })).statusCode).toBe(200);
      const before = databaseDigest(t.core);
      expectEnvelope(await t.app.inject({ method: 'POST', url: '/api/memories/decay/stop', headers: json, payload }), code);
      expect((await t.core.jobs.state('decay')).running).toBe(true);
      expect(databaseDigest(t.core)).toBe(before);
    });

    it(`token regeneration with ${label} → ${code}; the token stays`, async () => {
      const token = (await t.app.inject({ url: '/api/settings/network' })).json().token as string | null;
      expectEnvelope(await t.app.inject({ method: 'POST', url: '/api/settings/network/token', headers: json, payload }), code);
      expect((await t.app.inject({ url: '/api/settings/network' })).json().token).toBe(token);
      expect(t.core.tokens.installToken() ?? null).toBe(token);
    });
  }

  it('no bytes or {} are fine, with or without a content type', async () => {
    for (const req of [{}, { headers: json, payload: '' }, { headers: json, payload: '{}' }, { payload: {} }] as InjectOptions[]) {
      expect((await t.app.inject({ method: 'POST', url: '/api/memories/decay/start', payload: {} })).statusCode).toBe(200);
      const res = await t.app.inject({ ...req, method: 'POST', url: '/api/memories/decay/stop' });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toEqual({ status: 'background_decay_stopped', was_running: true });
      const token = t.core.tokens.installToken();
      const regenerated = await t.app.inject({ ...req, method: 'POST', url: '/api/settings/network/token' });
      expect(regenerated.statusCode, regenerated.body).toBe(200);
      expect(regenerated.json().token).not.toBe(token);
    }
  });

  it('a restore (path parameter only) and a DELETE (input in the query) refuse a body too', async () => {
    const before = databaseDigest(t.core);
    expectEnvelope(await t.app.inject({ method: 'POST', url: `/api/memories/${MEMORY}/restore`, payload: { memory_id: MEMORY } }), 'INVALID_PARAMS');
    expectEnvelope(await t.app.inject({ method: 'DELETE', url: '/api/personas/Kira', payload: { persona_id: 'Kira' } }), 'INVALID_PARAMS');
    expectEnvelope(await t.app.inject({ method: 'DELETE', url: '/api/settings/tokens/nope', payload: { x: 1 } }), 'INVALID_PARAMS');
    expect((await t.app.inject({ url: '/api/personas/Kira' })).statusCode).toBe(200);
    expect(databaseDigest(t.core)).toBe(before);
  });

  it('an unknown route with a body is still 404 ROUTE_NOT_FOUND', async () => {
    expectEnvelope(await t.app.inject({ method: 'PUT', url: '/api/personas', payload: { name: 'X' } }), 'ROUTE_NOT_FOUND');
  });
});

describe('a route with fields takes a JSON object', () => {
  const bad: [string, InjectOptions, ErrorCode][] = [
    ['whitespace', { headers: json, payload: '  \t' }, 'PARSE_ERROR'],
    ['a BOM before the object', { headers: json, payload: '\ufeff{"name":"Bom"}' }, 'PARSE_ERROR'],
    ['null', { headers: json, payload: 'null' }, 'INVALID_PARAMS'],
    ['a string', { headers: json, payload: '"Zed"' }, 'INVALID_PARAMS'],
    ['charset=utf-16', { headers: { 'content-type': 'application/json; charset=utf-16' }, payload: '{"name":"Wide"}' }, 'UNSUPPORTED_FORMAT'],
    ['charset=iso-8859-1', { headers: { 'content-type': 'application/json;charset="ISO-8859-1"' }, payload: '{"name":"Latin"}' }, 'UNSUPPORTED_FORMAT'],
  ];
  for (const [label, req, code] of bad) {
    it(`POST /api/personas with ${label} → ${code}, nothing created`, async () => {
      const before = databaseDigest(t.core);
      expectEnvelope(await t.app.inject({ ...req, method: 'POST', url: '/api/personas' }), code);
      expect(databaseDigest(t.core)).toBe(before);
    });
  }

  it('PUT /api/bots/:id/config and PATCH /api/settings/network refuse null and arrays', async () => {
    const before = databaseDigest(t.core);
    for (const payload of ['null', '[]', '7']) {
      expectEnvelope(await t.app.inject({ method: 'PUT', url: '/api/bots/Kira/config', headers: json, payload }), 'INVALID_PARAMS');
      expectEnvelope(await t.app.inject({ method: 'PATCH', url: '/api/settings/network', headers: json, payload }), 'INVALID_PARAMS');
      expectEnvelope(await t.app.inject({ method: 'POST', url: '/api/settings/tokens', headers: json, payload }), 'INVALID_PARAMS');
    }
    expect(databaseDigest(t.core)).toBe(before);
  });

  it('UTF-8 (any spelling) or no charset is accepted', async () => {
    for (const [i, type] of ['application/json', 'application/json; charset=utf-8', 'application/json; charset=UTF8', 'Application/JSON;charset="utf-8"'].entries()) {
      const res = await t.app.inject({ method: 'POST', url: '/api/personas', headers: { 'content-type': type }, payload: JSON.stringify({ name: `Plain${i}` }) });
      expect(res.statusCode, `${type}: ${res.body.slice(0, 200)}`).toBe(200);
    }
  });
});

// With a built dashboard its wildcard GET route matches what the router would refuse: both ways are checked.
describe.each([['without', false], ['with', true]])('paths, %s a built dashboard', (_label, built) => {
  let p: InjectApi;
  const dir = makeTempDir('persona-static-');
  beforeAll(async () => {
    if (built) writeFileSync(join(dir.dir, 'index.html'), '<!doctype html><title>dashboard</title>');
    p = await injectApi({ staticDir: dir.dir });
  });
  afterAll(async () => {
    await p.close();
    dir.cleanup();
  });

  it('bad percent-encoding → 400 INVALID_PARAMS in the envelope', async () => {
    for (const url of ['/api/personas/%ZZ', '/api/personas/%E0%A4%A', '/api/memories/%/restore', '/v1/%ZZ']) {
      const res = await p.app.inject({ method: url.endsWith('restore') ? 'POST' : 'GET', url });
      if (url.startsWith('/v1/')) expect([res.statusCode, res.json().error.code]).toEqual([400, 'INVALID_PARAMS']);
      else expectEnvelope(res, 'INVALID_PARAMS');
    }
  });

  it('a persona reference up to 128 characters is looked up; a longer one is 400 INVALID_PARAMS, not 414', async () => {
    for (const n of [101, 128]) expectEnvelope(await p.app.inject({ url: `/api/personas/${'a'.repeat(n)}` }), 'PERSONA_NOT_FOUND');
    for (const url of [`/api/personas/${'a'.repeat(129)}`, `/api/personas/${'a'.repeat(129)}/memories`, `/api/bots/${'b'.repeat(5000)}/config`]) {
      for (const method of ['GET', 'POST', 'DELETE'] as const) {
        const res = await p.app.inject({ method, url, headers: { accept: 'text/html' } });
        expectEnvelope(res, 'INVALID_PARAMS');
      }
    }
    expectEnvelope(await p.app.inject({ url: '/api/nothing/here' }), 'ROUTE_NOT_FOUND');
  });

  it('a file path the static server refuses (too long, non-canonical) is 404 ROUTE_NOT_FOUND, not 500', async () => {
    for (const url of [`/${'p'.repeat(300)}`, '/assets//x.js']) expectEnvelope(await p.app.inject({ url, headers: { accept: 'application/json' } }), 'ROUTE_NOT_FOUND');
  });

  it('the limit counts decoded characters: a long non-ASCII name is reachable by name', async () => {
    const name = 'Ærwyn-'.padEnd(64, 'ø'); // names are at most 64; encoded, 380 characters
    expect((await p.app.inject({ method: 'POST', url: '/api/personas', payload: { name } })).statusCode).toBe(200);
    const res = await p.app.inject({ url: `/api/personas/${encodeURIComponent(name)}` });
    expect(res.statusCode, res.body.slice(0, 200)).toBe(200);
    expect(res.json().persona.name).toBe(name);
  });
});

describe('participant filters take a key in the query string', () => {
  const bob = { id: '@bob:hs.example', platform: 'matrix', display_name: 'Bob' };
  beforeAll(async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/personas/Kira/chat', payload: { message: 'I left my lantern at the mill, remember that.', participant: bob } });
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
  });

  it('memory.list: `matrix:@bob:hs.example` finds Bob\'s memories; the JSON object form still works', async () => {
    const byKey = await t.app.inject({ url: `/api/personas/Kira/memories?participant=${encodeURIComponent('matrix:@bob:hs.example')}` });
    expect(byKey.statusCode, byKey.body.slice(0, 300)).toBe(200);
    expect(byKey.json().total).toBeGreaterThan(0);
    for (const m of byKey.json().memories) expect(m.participant_key).toBe('matrix:@bob:hs.example');
    const byObject = await t.app.inject({ url: `/api/personas/Kira/memories?participant=${encodeURIComponent(JSON.stringify({ id: bob.id, platform: 'matrix' }))}` });
    expect(byObject.json()).toEqual(byKey.json());
    const other = await t.app.inject({ url: '/api/personas/Kira/memories?participant=api:carol' });
    expect(other.json().total).toBe(0);
    const bare = await t.app.inject({ url: '/api/personas/Kira/memories?participant=bob' });
    expect(bare.statusCode).toBe(200);
  });

  it('session.list and relationship.get take the key too', async () => {
    const sessions = await t.app.inject({ url: `/api/sessions?persona_id=Kira&participant=${encodeURIComponent('matrix:@bob:hs.example')}` });
    expect(sessions.statusCode, sessions.body.slice(0, 300)).toBe(200);
    expect(sessions.json().sessions.map((s: { participant_key: string }) => s.participant_key)).toEqual(['matrix:@bob:hs.example']);
    const rel = await t.app.inject({ url: `/api/personas/Kira/relationship?participant=${encodeURIComponent('matrix:@bob:hs.example')}` });
    expect(rel.statusCode, rel.body.slice(0, 300)).toBe(200);
  });

  it('a malformed key is 400 INVALID_PARAMS at participant', async () => {
    for (const key of ['Matrix!:bob', ':bob', 'api:', '{"id":']) {
      const res = await t.app.inject({ url: `/api/personas/Kira/memories?participant=${encodeURIComponent(key)}` });
      expectEnvelope(res, 'INVALID_PARAMS');
      expect(res.json().error.issues[0].path[0]).toBe('participant');
    }
  });
});

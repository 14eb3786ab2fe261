// Identity over the wire (docs/memory.md "Who is who"), vector X10: REST chat as "Carol", then the
// OpenAI-compatible endpoint with user "carol", are one participant api:carol with one relationship
// of two interactions; the participant routes answer over a real socket, link and forget included.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configureLogging } from '../../../src/core/index.ts';
import { startApi, type RunningApi } from './api-harness.ts';
import { fetchJson } from './http-client.ts';

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any
let api: RunningApi;
const post = (path: string, body: unknown) => fetchJson(`${api.base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

beforeAll(async () => {
  configureLogging({ level: 'silent' });
  api = await startApi();
});
afterAll(() => api.close());

describe('participants over REST and the OpenAI-compatible endpoint', () => {
  it('X10: REST speaker "Carol" and OpenAI user "carol" are one participant api:carol with interaction_count 2', async () => {
    const rest = await post('/api/personas/Aria/chat', { message: 'Hello Aria, how are you today?', participant: { id: 'Carol' } });
    expect(rest.status).toBe(200);
    expect(rest.body.participant).toMatchObject({ key: 'api:carol', display_name: 'Carol', platform: 'api' });
    const openai = await post('/v1/chat/completions', { model: 'Aria', user: 'carol', messages: [{ role: 'user', content: 'Tell me about the tower.' }] });
    expect(openai.status).toBe(200);
    const list = await fetchJson(`${api.base}/api/participants?query=carol`);
    expect(list.status).toBe(200);
    expect(list.body.participants.map((p: Json) => p.key)).toEqual(['api:carol']);
    const got = await fetchJson(`${api.base}/api/participant?key=${encodeURIComponent('api:carol')}`);
    expect(got.status).toBe(200);
    const aria = got.body.personas.filter((p: Json) => p.relationship !== null);
    expect(aria).toHaveLength(1);
    expect(aria[0]).toMatchObject({ persona_name: 'Aria', relationship: { interaction_count: 2 } });
    const rels = await fetchJson(`${api.base}/api/personas/Aria/relationships?kind=participant`);
    expect(rels.body.relationships.map((r: Json) => [r.counterpart_key, r.interaction_count])).toEqual([['api:carol', 2]]);
  });

  it('link and forget over REST; a forget without confirm is a 400 that changes nothing', async () => {
    await post('/api/personas/Aria/chat', { message: 'Hi from Dave.', participant: { id: 'Dave' } });
    await post('/api/personas/Aria/chat', { message: 'Hi from Dave on matrix.', participant: { id: '@dave:hs', platform: 'matrix' } });
    const link = await post('/api/participants/link', { primary: 'matrix:@dave:hs', secondary: 'api:DAVE' });
    expect(link.status).toBe(200);
    expect(link.body).toMatchObject({ primary: 'matrix:@dave:hs', secondary: 'api:dave', relationships_merged: 1 });
    const alias = await fetchJson(`${api.base}/api/participant?key=${encodeURIComponent('api:dave')}`);
    expect(alias.body).toMatchObject({ resolved_from: 'api:dave', participant: { key: 'matrix:@dave:hs' } });
    const refused = await post('/api/participants/forget', { key: 'matrix:@dave:hs' });
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe('INVALID_PARAMS');
    expect((await fetchJson(`${api.base}/api/participant?key=${encodeURIComponent('matrix:@dave:hs')}`)).status).toBe(200);
    const forgot = await post('/api/participants/forget', { key: 'matrix:@dave:hs', confirm: true });
    expect(forgot.status).toBe(200);
    expect(forgot.body.keys).toEqual(['matrix:@dave:hs', 'api:dave']);
    const gone = await fetchJson(`${api.base}/api/participant?key=${encodeURIComponent('api:dave')}`);
    expect(gone.status).toBe(404);
    expect(gone.body.error.code).toBe('PARTICIPANT_NOT_FOUND');
  });
});

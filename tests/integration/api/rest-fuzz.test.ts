// Hostile REST requests (seeded, so a failure reproduces): bodies that are not what the route takes,
// wrong content types and charsets, bad percent-encoding and over-long path parameters, on every
// route that takes them. Each answer is the documented envelope with its code's registry status,
// and nothing changes: database, install token, decay job, config.json.
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_CODES, type ErrorCode } from '../../../src/shared/index.ts';
import { OPERATION_TABLE, configureLogging } from '../../../src/core/index.ts';
import { bodyRuleOf } from '../../../src/services/api/rest-routes.ts';
import { databaseDigest } from '../../support/core-harness.ts';
import { seededRandom } from '../../support/seeded-random.ts';
import { makeTempDir } from '../../support/temp-dir.ts';
import { injectApi, type InjectApi } from './api-harness.ts';

let t: InjectApi;
// A built dashboard (its wildcard GET route) as in production.
const staticDir = makeTempDir('persona-static-');
beforeAll(async () => {
  configureLogging({ level: 'silent' });
  writeFileSync(join(staticDir.dir, 'index.html'), '<!doctype html><title>dashboard</title>');
  t = await injectApi({ config: { limits: { messages_per_second: 0, burst: 0 } }, staticDir: staticDir.dir });
});
afterAll(async () => {
  await t.close();
  staticDir.cleanup();
});

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
interface Route { method: Method; path: string; body: 'object' | 'none' }

/** Every /api route: the generated ones with their body rule, and the service routes. */
const ROUTES: Route[] = [
  ...OPERATION_TABLE.operations.flatMap((op) => (op.rest ? [{ method: op.rest.method as Method, path: op.rest.path, body: bodyRuleOf(op) }] : [])),
  { method: 'POST', path: '/api/settings/network/token', body: 'none' }, { method: 'PATCH', path: '/api/settings/network', body: 'object' },
  { method: 'POST', path: '/api/settings/tokens', body: 'object' }, { method: 'DELETE', path: '/api/settings/tokens/:token_id', body: 'none' },
  { method: 'PUT', path: '/api/bots/:persona_id/config', body: 'object' }, { method: 'DELETE', path: '/api/bots/:persona_id/config', body: 'none' },
  { method: 'POST', path: '/api/bots/:persona_id/start', body: 'none' }, { method: 'POST', path: '/api/bots/:persona_id/restart', body: 'none' },
  { method: 'POST', path: '/api/bots/start-all', body: 'none' }, { method: 'POST', path: '/api/bots/stop-all', body: 'none' },
  { method: 'GET', path: '/api/bots/:persona_id/logs', body: 'none' }, { method: 'GET', path: '/api/bots/:persona_id', body: 'none' },
];
const FILL: Record<string, string> = { persona_id: 'Kira', persona1_id: 'Kira', token_id: 'nope' };
const fill = (path: string, replace?: { name: string; value: string }) =>
  path.replace(/:([a-z0-9_]+)/g, (_m, name: string) => (replace?.name === name ? replace.value : FILL[name] ?? '00000000-0000-4000-8000-00000000beef'));

interface Case { label: string; request: InjectOptions; expect: ErrorCode; /** Which generator made it. */ maker?: number }

/** `n` hostile requests and how many generators made them. */
function cases(n: number): { list: Case[]; makers: number } {
  const r = seededRandom(20261126);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)] as T;
  const text = (len: number, alphabet: string) => { const chars = [...alphabet]; return Array.from({ length: len }, () => chars[Math.floor(r() * chars.length)]).join(''); };
  const withBody = ROUTES.filter((x) => x.method !== 'GET');
  const withParam = ROUTES.filter((x) => x.path.includes(':'));
  const notJson = [' ', '\t\r\n', '\ufeff', '\ufeff{}', '{', '{"a":', '[1,', 'nul', "{'a':1}", '{"a":1}}'];
  const notObject = ['null', '[]', '[{}]', '0', '-1.5', '"x"', 'true', 'false'];
  const makers: (() => Case)[] = [
    () => { const x = pick(withBody); const payload = pick(notJson); return { label: `${x.method} ${x.path} ${JSON.stringify(payload)}`, request: { method: x.method, url: fill(x.path), headers: { 'content-type': 'application/json' }, payload }, expect: 'PARSE_ERROR' }; },
    () => { const x = pick(withBody); return { label: `${x.method} ${x.path} garbage`, request: { method: x.method, url: fill(x.path), headers: { 'content-type': 'application/json; charset=utf-8' }, payload: `}${text(1 + Math.floor(r() * 60), ' !#$%&()*+,-./0123456789:;<=>?@ABCXYZ[]^_`abcxyz{|}~')}` }, expect: 'PARSE_ERROR' }; },
    () => { const x = pick(withBody); const payload = pick(notObject); return { label: `${x.method} ${x.path} ${payload}`, request: { method: x.method, url: fill(x.path), headers: { 'content-type': 'application/json' }, payload }, expect: 'INVALID_PARAMS' }; },
    () => { const x = pick(withBody.filter((y) => y.body === 'none')); return { label: `${x.method} ${x.path} fields`, request: { method: x.method, url: fill(x.path), payload: { [text(1 + Math.floor(r() * 8), 'abcdefgh_')]: pick([1, 'x', true, null, {}]) } }, expect: 'INVALID_PARAMS' }; },
    () => { const x = pick(withBody); const type = pick(['application/json; charset=utf-16', 'application/json; charset=UTF-16LE', 'application/json;charset="iso-8859-1"', 'application/json; charset=']); return { label: `${x.method} ${x.path} ${type}`, request: { method: x.method, url: fill(x.path), headers: { 'content-type': type }, payload: '{}' }, expect: 'UNSUPPORTED_FORMAT' }; },
    () => { const x = pick(withBody); const type = pick(['text/plain', 'application/x-www-form-urlencoded', 'application/jsonx', 'application/vnd.api+json', 'multipart/form-data; boundary=x']); return { label: `${x.method} ${x.path} ${type}`, request: { method: x.method, url: fill(x.path), headers: { 'content-type': type }, payload: '{}' }, expect: 'UNSUPPORTED_FORMAT' }; },
    () => { const x = pick(withParam); const name = pick([...x.path.matchAll(/:([a-z0-9_]+)/g)].map((m) => m[1] as string)); const value = pick(['%ZZ', '%', '%E0%A4%A', '%C3%28', '%ED%A0%80', `Ki%${text(1, 'GHXZ')}ra`]); return { label: `${x.method} ${x.path} :${name}=${value}`, request: { method: x.method, url: fill(x.path, { name, value }) }, expect: 'INVALID_PARAMS' }; },
    () => { const x = pick(withParam); const name = pick([...x.path.matchAll(/:([a-z0-9_]+)/g)].map((m) => m[1] as string)); const len = 129 + Math.floor(r() * 3000); const value = r() < 0.5 ? text(len, 'abcXYZ0189-_.~') : encodeURIComponent(text(len, 'äøß漢字😀')); return { label: `${x.method} ${x.path} :${name} ${len} long`, request: { method: x.method, url: fill(x.path, { name, value }) }, expect: 'INVALID_PARAMS' }; },
  ];
  const list = Array.from({ length: n }, () => {
    const maker = Math.floor(r() * makers.length);
    return { ...(makers[maker] as () => Case)(), maker };
  });
  return { list, makers: makers.length };
}

describe('fuzzing the PersonaAPI edges', () => {
  it('answers 1,500 hostile requests in the documented envelope and changes nothing', async () => {
    expect((await t.app.inject({ method: 'POST', url: '/api/memories/decay/start' })).statusCode).toBe(200);
    const token = (await t.app.inject({ method: 'POST', url: '/api/settings/network/token' })).json().token as string;
    const before = databaseDigest(t.core);
    const failures: string[] = [];
    const { list, makers } = cases(1500);
    // The seeded sequence exercises every generator many times (not only the frequent ones).
    for (let m = 0; m < makers; m += 1) expect(list.filter((c) => c.maker === m).length, `generator ${m}`).toBeGreaterThanOrEqual(100);
    for (const c of list) {
      const res = await t.app.inject(c.request);
      let body: { error?: { code?: string; message?: unknown } } | undefined;
      try {
        body = res.json();
      } catch {
        body = undefined;
      }
      const code = body?.error?.code as ErrorCode | undefined;
      const ok = code === c.expect && res.statusCode === ERROR_CODES[c.expect].http && typeof body?.error?.message === 'string' && Object.keys(body ?? {}).length === 1;
      if (!ok) failures.push(`${c.label} → ${res.statusCode} ${res.body.slice(0, 160)}`);
    }
    expect(failures.slice(0, 10)).toEqual([]);
    expect(databaseDigest(t.core)).toBe(before);
    expect(t.core.tokens.installToken()).toBe(token);
    expect((await t.core.jobs.state('decay')).running).toBe(true);
    expect(existsSync(join(t.dataDir, 'config.json'))).toBe(false);
    expect((await t.app.inject({ url: '/api/personas/Kira' })).statusCode).toBe(200);
  });
});

describe('deep nesting on REST', () => {
  it('answers 400 INVALID_PARAMS naming the 64-level limit before any schema walks the body, and writes nothing', async () => {
    const before = databaseDigest(t.core);
    // Built as text: JSON.stringify itself would overflow the test's stack at 5,000 levels.
    const deep = (depth: number) => `${'{"a":'.repeat(depth)}"x"${'}'.repeat(depth)}`;
    for (const [url, method, body] of [
      ['/api/personas/Aria/memories', 'POST', `{"content":"deep","metadata":${deep(5000)}}`],
      ['/api/personas/Aria', 'PATCH', `{"extensions":${deep(5000)}}`],
      ['/api/personas/Aria/memories', 'POST', `{"content":"deep","metadata":${deep(80)}}`],
    ] as const) {
      const res = await t.app.inject({ method, url, headers: { 'content-type': 'application/json' }, payload: body });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ error: { code: 'INVALID_PARAMS', details: { reason: 'depth', max_depth: 64 } } });
    }
    expect(databaseDigest(t.core)).toBe(before);
  });
});


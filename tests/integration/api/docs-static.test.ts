// OpenAPI document (every operation route and every service route, schemas from zod), the docs UI
// served locally (no CDN), and the dashboard: cache policy, SPA fallback, and the not-built page.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPERATION_TABLE, configureLogging } from '../../../src/core/index.ts';
import { buildApiApp } from '../../../src/services/api/index.ts';
import { createHostLink } from '../../../src/services/runtime/index.ts';
import { makeTempDir } from '../../support/temp-dir.ts';
import { injectApi, type InjectApi } from './api-harness.ts';

beforeAll(() => configureLogging({ level: 'silent' }));

describe('OpenAPI and docs', () => {
  let t: InjectApi;
  beforeAll(async () => { t = await injectApi(); });
  afterAll(() => t.close());

  it('documents every operation route with its generated schemas, and the service routes', async () => {
    const doc = (await t.app.inject({ url: '/openapi.json' })).json();
    expect(doc.openapi).toBe('3.1.0');
    for (const op of OPERATION_TABLE.operations) {
      if (!op.rest) continue;
      const entry = doc.paths[op.rest.path.replace(/:([a-z0-9_]+)/g, '{$1}')]?.[op.rest.method.toLowerCase()];
      expect(entry?.operationId, op.name).toBe(op.name);
      expect(entry['x-scope']).toBe(op.scope);
      const schema = entry.responses['200'].content['application/json'].schema;
      expect(schema.type === 'object' || schema.anyOf?.every((s: { type: string }) => s.type === 'object'), op.name).toBe(true);
    }
    const create = doc.paths['/api/personas'].post;
    expect(create.requestBody.content['application/json'].schema.required).toContain('name');
    const list = doc.paths['/api/personas'].get.parameters.find((p: { name: string }) => p.name === 'limit');
    expect(list).toMatchObject({ in: 'query', required: false, schema: { type: 'integer', maximum: 200 } });
    const participant = doc.paths['/api/personas/{persona_id}/memories'].get.parameters.find((p: { name: string }) => p.name === 'participant');
    expect(participant).toMatchObject({ in: 'query', required: false, schema: { type: 'string' } });
    expect(participant.description).toContain('platform:id');
    for (const path of ['/api/health', '/api/events', '/api/bots', '/api/bots/status', '/api/bots/{persona_id}/config', '/api/settings/network', '/api/settings/network/token', '/api/settings/llm', '/v1/models', '/v1/chat/completions']) {
      expect(doc.paths[path], path).toBeDefined();
    }
  });

  it('every /api and /v1 route the app serves is in the document', async () => {
    const { app, routes } = await buildApiApp({ core: t.core, link: createHostLink(null) });
    const doc = (await app.inject({ url: '/openapi.json' })).json();
    const served = routes.filter((r) => /^\/(api|v1)\//.test(r.url) && r.method !== 'HEAD' && r.method !== 'OPTIONS');
    expect(served.length).toBeGreaterThan(60);
    const missing = served.filter((r) => !doc.paths[r.url.replace(/:([a-z0-9_]+)/g, '{$1}')]?.[r.method.toLowerCase()]).map((r) => `${r.method} ${r.url}`);
    expect(missing).toEqual([]);
    await app.close();
  });

  it('serves the docs UI from local files', async () => {
    const page = await t.app.inject({ url: '/docs/' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('swagger-ui');
    expect(page.body).not.toMatch(/src="https?:\/\//);
    const bundle = await t.app.inject({ url: '/docs/static/swagger-ui-bundle.js' });
    expect(bundle.statusCode).toBe(200);
    expect((await t.app.inject({ url: '/docs/json' })).json().info.title).toBe('PersonaAPI');
  });
});

describe('dashboard', () => {
  it('serves a build: hashed assets immutable, index.html no-cache, SPA fallback for pages only', async () => {
    const dir = makeTempDir('persona-dist-');
    mkdirSync(join(dir.dir, 'assets'));
    writeFileSync(join(dir.dir, 'index.html'), '<!doctype html><title>dash</title><div id="root"></div>');
    writeFileSync(join(dir.dir, 'assets', 'index-abc123.js'), 'console.log(1)');
    const t = await injectApi({ staticDir: dir.dir });
    try {
      const root = await t.app.inject({ url: '/' });
      expect(root.body).toContain('<title>dash</title>');
      expect(root.headers['cache-control']).toBe('no-cache');
      const asset = await t.app.inject({ url: '/assets/index-abc123.js' });
      expect(asset.statusCode).toBe(200);
      expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      const deep = await t.app.inject({ url: '/personas/Aria/memories', headers: { accept: 'text/html,application/xhtml+xml' } });
      expect(deep.statusCode).toBe(200);
      expect(deep.body).toContain('<title>dash</title>');
      const missingAsset = await t.app.inject({ url: '/assets/gone.js' });
      expect(missingAsset.statusCode).toBe(404);
      const api = await t.app.inject({ url: '/api/unknown', headers: { accept: 'text/html' } });
      expect(api.json().error.code).toBe('ROUTE_NOT_FOUND');
    } finally {
      await t.close();
      dir.cleanup();
    }
  });

  it('without a build, / says how to build it', async () => {
    const dir = makeTempDir('persona-nodist-');
    const t = await injectApi({ staticDir: dir.dir });
    try {
      const res = await t.app.inject({ url: '/' });
      expect(res.statusCode).toBe(200);
      expect(res.body).toContain('npm run build');
      expect((await t.app.inject({ url: '/personas', headers: { accept: 'text/html' } })).body).toContain('npm run build');
    } finally {
      await t.close();
      dir.cleanup();
    }
  });
});

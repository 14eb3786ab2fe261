import { execFileSync } from 'node:child_process';
import { accessSync, constants, existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

// No Docker engine in CI: the Dockerfile and compose file are checked statically against what the project
// needs (ports, bind address, data volume) and against the repository (every COPY source exists and is not
// ignored by .dockerignore).
const ROOT = join(import.meta.dirname, '..', '..', '..');
const dockerfile = readFileSync(join(ROOT, 'deploy', 'Dockerfile'), 'utf8');
const dockerignore = readFileSync(join(ROOT, '.dockerignore'), 'utf8').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));

interface Instruction {
  op: string;
  args: string;
}

/** Dockerfile instructions per stage (continuation lines joined, comments dropped). */
function stages(text: string): { name: string; from: string; steps: Instruction[] }[] {
  const lines = text.replace(/\\\n/g, ' ').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
  const out: { name: string; from: string; steps: Instruction[] }[] = [];
  for (const line of lines) {
    const [op = '', ...rest] = line.split(/\s+/);
    const args = rest.join(' ');
    if (op.toUpperCase() === 'FROM') {
      const m = /^(\S+)(?:\s+AS\s+(\S+))?/i.exec(args);
      out.push({ from: m?.[1] ?? '', name: m?.[2] ?? String(out.length), steps: [] });
    } else {
      out.at(-1)?.steps.push({ op: op.toUpperCase(), args });
    }
  }
  return out;
}

function ignored(path: string): boolean {
  return dockerignore.some((pattern) => {
    const body = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*\*\//g, '\0').replace(/\*/g, '[^/]*').replaceAll('\0', '(.*/)?');
    const re = new RegExp(`^${body}(/.*)?$`);
    return re.test(path);
  });
}

describe('deploy/Dockerfile', () => {
  const [build, runtime, ...extra] = stages(dockerfile);
  const ops = (stage: typeof build, op: string) => (stage?.steps ?? []).filter((s) => s.op === op).map((s) => s.args);

  it('has a build and a runtime stage on node:22-bookworm-slim', () => {
    expect(extra).toEqual([]);
    expect(build).toMatchObject({ name: 'build', from: 'node:22-bookworm-slim' });
    expect(runtime).toMatchObject({ name: 'runtime', from: 'node:22-bookworm-slim' });
  });

  it('builds with the native toolchain: npm ci, then the dashboard build, then prune dev deps', () => {
    const runs = ops(build, 'RUN').join('\n');
    expect(runs).toMatch(/apt-get install[^\n]*python3[^\n]*make[^\n]*g\+\+/);
    const order = ['npm ci', 'npm run build', 'npm prune --omit=dev'].map((c) => runs.indexOf(c));
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  it('copies only sources that exist in the repository and are not excluded by .dockerignore', () => {
    const sources = ops(build, 'COPY').flatMap((args) => args.split(/\s+/).filter((a) => !a.startsWith('--')).slice(0, -1));
    expect(sources).toEqual(expect.arrayContaining(['package.json', 'package-lock.json', 'src', 'bin', 'resources']));
    for (const src of sources) {
      expect(existsSync(join(ROOT, src)), `${src} exists`).toBe(true);
      expect(ignored(src), `${src} is not in .dockerignore`).toBe(false);
    }
    expect(ignored('node_modules')).toBe(true);
    expect(ignored('data')).toBe(true);
    expect(ignored('src/core/db/database.test.ts')).toBe(true);
  });

  it('runs as a non-root user with /data as the data volume', () => {
    const userIndex = runtime?.steps.findIndex((s) => s.op === 'USER') ?? -1;
    expect(userIndex).toBeGreaterThan(0);
    expect(runtime?.steps[userIndex]?.args).not.toMatch(/^(root|0)(:|$)/);
    expect(runtime?.steps.findIndex((s) => s.op === 'CMD')).toBeGreaterThan(userIndex);
    expect(ops(runtime, 'VOLUME').join(' ')).toContain('/data');
    expect(ops(runtime, 'ENV').join(' ')).toMatch(/PERSONA_MCP_DATA_DIR=\/data/);
  });

  it('exposes both ports, checks /api/health and starts the host bound beyond loopback', () => {
    expect(ops(runtime, 'EXPOSE').join(' ').split(/\s+/).sort()).toEqual(['8000', '8080']);
    expect(ops(runtime, 'HEALTHCHECK').join(' ')).toMatch(/CMD \["node", "-e", ".*fetch\('http:\/\/127\.0\.0\.1:8080\/api\/health'/);
    expect(JSON.parse(ops(runtime, 'CMD')[0] ?? 'null')).toEqual(['node', 'bin/persona-mcp.js', '--server', '--host', '0.0.0.0']);
  });

  it('copies into the runtime stage only what the build stage produced', () => {
    const copies = ops(runtime, 'COPY');
    expect(copies.length).toBeGreaterThan(0);
    expect(copies.every((c) => c.includes('--from=build'))).toBe(true);
    expect(copies.some((c) => c.includes('/app/dist/renderer'))).toBe(true);
    expect(copies.some((c) => c.includes('/app/node_modules'))).toBe(true);
  });
});

describe('deploy/docker-compose.yml', () => {
  const composePath = join(ROOT, 'deploy', 'docker-compose.yml');
  const compose = parse(readFileSync(composePath, 'utf8')) as {
    services: Record<string, {
      build?: { context: string; dockerfile: string }; profiles?: string[]; environment?: Record<string, string>; ports?: string[]; volumes?: string[];
      depends_on?: Record<string, { condition?: string; required?: boolean }>; healthcheck?: { test?: string[] };
    }>;
    volumes: Record<string, unknown>;
  };
  const app = compose.services['persona-mcp'];

  it('builds the Dockerfile from the repository root', () => {
    const context = resolve(dirname(composePath), app?.build?.context ?? '.');
    expect(context).toBe(resolve(ROOT));
    expect(existsSync(join(context, app?.build?.dockerfile ?? ''))).toBe(true);
  });

  it('keeps data in a named volume and requires the access token', () => {
    expect(app?.volumes).toContain('persona-data:/data');
    expect(Object.keys(compose.volumes)).toContain('persona-data');
    expect(app?.environment?.PERSONA_MCP_TOKEN).toMatch(/^\$\{PERSONA_MCP_TOKEN:\?/);
  });

  it('publishes both ports, on loopback unless told otherwise', () => {
    expect(app?.ports).toEqual(['${PERSONA_MCP_PUBLISH:-127.0.0.1}:8080:8080', '${PERSONA_MCP_PUBLISH:-127.0.0.1}:8000:8000']);
  });

  it('puts ollama and the Matrix stack behind profiles, so a plain `up` starts only Persona-MCP', () => {
    const always = Object.entries(compose.services).filter(([, s]) => !s.profiles).map(([name]) => name);
    expect(always).toEqual(['persona-mcp']);
    expect(compose.services.ollama?.profiles).toEqual(['ollama']);
    expect(compose.services.synapse?.profiles).toEqual(['matrix']);
    expect(compose.services.element?.profiles).toEqual(['matrix']);
  });

  it('with the matrix profile, starts Persona-MCP after Synapse is healthy (an optional dependency without it)', () => {
    expect(app?.depends_on?.synapse).toEqual({ condition: 'service_healthy', required: false });
    expect(compose.services.synapse?.healthcheck?.test?.join(' ')).toContain('http://localhost:8008/health');
  });

  it('declares every named volume and mounts files that exist', () => {
    for (const [name, service] of Object.entries(compose.services)) {
      for (const volume of service.volumes ?? []) {
        const source = volume.split(':')[0] ?? '';
        if (source.startsWith('.')) expect(existsSync(resolve(dirname(composePath), source)), `${name}: ${source}`).toBe(true);
        else expect(Object.keys(compose.volumes), `${name}: ${source}`).toContain(source);
      }
    }
  });
});

describe('scripts/dev', () => {
  it('is an executable bash script that parses', () => {
    const path = join(ROOT, 'scripts', 'dev');
    if (process.platform !== 'win32') accessSync(path, constants.X_OK);
    expect(readFileSync(path, 'utf8').startsWith('#!/usr/bin/env bash')).toBe(true);
    expect(() => execFileSync('bash', ['-n', path])).not.toThrow();
  });
});

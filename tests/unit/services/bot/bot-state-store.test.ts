import { readFileSync, writeFileSync, mkdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { botStateFile, createJsonBotStateStore, MAX_ANSWERED } from '../../../../src/services/bot/index.ts';
import { makeTempDir } from '../../../support/temp-dir.ts';

const temps: (() => void)[] = [];
afterEach(() => { while (temps.length) temps.pop()?.(); });

describe('JSON bot state store', () => {
  it('lives in <data dir>/bots/<persona_id>/state.json, round-trips and caps the answered ids', () => {
    const temp = makeTempDir();
    temps.push(temp.cleanup);
    const file = botStateFile(temp.dir, 'p1');
    expect(file).toBe(`${temp.dir}/bots/p1/state.json`);
    const store = createJsonBotStateStore(file);
    expect(store.load()).toEqual({ sync_token: null, answered: [], device_id: null, notified_rooms: [], updated_at: null });
    const answered = Array.from({ length: MAX_ANSWERED + 5 }, (_, i) => `$e${i}`);
    store.save({ sync_token: 's9', answered, device_id: 'DEV1', notified_rooms: [], updated_at: '2026-11-25T10:00:00.000Z' });
    const loaded = createJsonBotStateStore(file).load();
    expect(loaded.sync_token).toBe('s9');
    expect(loaded.answered).toHaveLength(MAX_ANSWERED);
    expect(loaded.answered.at(-1)).toBe(`$e${MAX_ANSWERED + 4}`);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('starts fresh from a corrupt file instead of failing', () => {
    const temp = makeTempDir();
    temps.push(temp.cleanup);
    const file = botStateFile(temp.dir, 'p2');
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, '{"sync_token": ');
    expect(createJsonBotStateStore(file).load()).toEqual({ sync_token: null, answered: [], device_id: null, notified_rooms: [], updated_at: null });
    createJsonBotStateStore(file).save({ sync_token: 's1', answered: [], device_id: null, notified_rooms: [], updated_at: null });
    expect(JSON.parse(readFileSync(file, 'utf8')).sync_token).toBe('s1');
  });
});

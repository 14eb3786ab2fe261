import { describe, expect, it } from 'vitest';
import { buildReplyContent, parseAdminCommand, readIncoming, renderMarkdown, stripReplyFallback, stripSurroundingQuotes } from '../../../../src/services/bot/index.ts';

const ev = (content: Record<string, unknown>, type = 'm.room.message') => ({ event_id: '$e', room_id: '!r:x', type, sender: '@bob:x', origin_server_ts: 5, content });

describe('readIncoming', () => {
  it('reads text messages with mentions, HTML and thread root', () => {
    const m = readIncoming(ev({
      msgtype: 'm.text', body: 'hi @aria', format: 'org.matrix.custom.html', formatted_body: '<a href="https://matrix.to/#/@aria:x">Aria</a> hi',
      'm.mentions': { user_ids: ['@aria:x'] }, 'm.relates_to': { rel_type: 'm.thread', event_id: '$root' },
    }));
    expect(m).toEqual({ event_id: '$e', room_id: '!r:x', sender: '@bob:x', ts: 5, body: 'hi @aria', formatted_body: '<a href="https://matrix.to/#/@aria:x">Aria</a> hi', mention_user_ids: ['@aria:x'], thread_root: '$root' });
  });
  it('ignores notices, edits, other event types and empty bodies', () => {
    expect(readIncoming(ev({ msgtype: 'm.notice', body: 'x' }))).toBeNull();
    expect(readIncoming(ev({ msgtype: 'm.text', body: '* x', 'm.relates_to': { rel_type: 'm.replace', event_id: '$o' } }))).toBeNull();
    expect(readIncoming(ev({ membership: 'join' }, 'm.room.member'))).toBeNull();
    expect(readIncoming(ev({ msgtype: 'm.text', body: '  ' }))).toBeNull();
  });
  it('drops the legacy reply fallback from the body', () => {
    expect(stripReplyFallback('> <@a:x> old\n> more\n\nnew text')).toBe('new text');
    expect(stripReplyFallback('plain')).toBe('plain');
  });
});

describe('replies', () => {
  it('are threaded to the message they answer, in its thread, with HTML and the plain body', () => {
    const c = buildReplyContent('**hi** there', { event_id: '$q', sender: '@bob:x', thread_root: null });
    expect(c).toEqual({
      msgtype: 'm.text', body: '**hi** there', format: 'org.matrix.custom.html', formatted_body: '<p><strong>hi</strong> there</p>',
      'm.relates_to': { 'm.in_reply_to': { event_id: '$q' } }, 'm.mentions': { user_ids: ['@bob:x'] },
    });
    const t = buildReplyContent('ok', { event_id: '$q', sender: '@bob:x', thread_root: '$root' });
    expect(t['m.relates_to']).toEqual({ rel_type: 'm.thread', event_id: '$root', is_falling_back: false, 'm.in_reply_to': { event_id: '$q' } });
  });
  it('escapes raw HTML from the model instead of passing it through', () => {
    expect(renderMarkdown('<img src=x onerror=alert(1)>')).not.toContain('<img');
    expect(renderMarkdown('> quoted')).toContain('<blockquote>');
  });
  it('strips one pair of surrounding quotes', () => {
    expect(stripSurroundingQuotes('"Well met!"')).toBe('Well met!');
    expect(stripSurroundingQuotes('“Hello”')).toBe('Hello');
    expect(stripSurroundingQuotes('"a" and "b"')).toBe('"a" and "b"');
  });
});

describe('admin commands', () => {
  it('parses !persona sub-commands', () => {
    expect(parseAdminCommand('!persona status')).toEqual({ kind: 'status' });
    expect(parseAdminCommand('!persona mood')).toEqual({ kind: 'mood' });
    expect(parseAdminCommand('!persona memory search old tower')).toEqual({ kind: 'search', query: 'old tower' });
    expect(parseAdminCommand('!persona forget 0e9b')).toEqual({ kind: 'forget', memoryId: '0e9b' });
    expect(parseAdminCommand('!persona dance')).toEqual({ kind: 'help' });
    expect(parseAdminCommand('hello !persona')).toBeNull();
  });
});

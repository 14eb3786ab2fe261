// Matrix message shapes the bot reads and writes: incoming text messages, and replies threaded
// to the message they answer with markdown rendered to HTML (plain `body` kept).
import { marked } from 'marked';

/** A text message the bot may answer, read from a room event. */
export interface IncomingMessage {
  event_id: string;
  room_id: string;
  sender: string;
  /** origin_server_ts, ms since epoch. */
  ts: number;
  body: string;
  formatted_body: string | null;
  mention_user_ids: string[] | null;
  /** Root event of the thread the message is in, or null. */
  thread_root: string | null;
}

type Json = Record<string, unknown>;

/**
 * Reads a raw room event as a message the bot may answer; null for anything else (other event
 * types, notices, edits, redactions, empty bodies).
 */
export function readIncoming(event: { event_id?: string; room_id?: string; type?: string; sender?: string; origin_server_ts?: number; content?: Json }, roomId?: string): IncomingMessage | null {
  const content = event.content ?? {};
  if (event.type !== 'm.room.message' || !event.event_id || !event.sender) return null;
  const msgtype = content.msgtype;
  if (msgtype !== 'm.text' && msgtype !== 'm.emote') return null;
  if (typeof content.body !== 'string' || !content.body.trim()) return null;
  const rel = (content['m.relates_to'] ?? {}) as Json;
  if (rel.rel_type === 'm.replace') return null;
  const mentions = (content['m.mentions'] ?? null) as { user_ids?: unknown } | null;
  const ids = Array.isArray(mentions?.user_ids) ? mentions.user_ids.filter((x): x is string => typeof x === 'string') : null;
  return {
    event_id: event.event_id,
    room_id: event.room_id ?? roomId ?? '',
    sender: event.sender,
    ts: event.origin_server_ts ?? 0,
    body: stripReplyFallback(content.body),
    formatted_body: content.format === 'org.matrix.custom.html' && typeof content.formatted_body === 'string' ? content.formatted_body : null,
    mention_user_ids: ids,
    thread_root: rel.rel_type === 'm.thread' && typeof rel.event_id === 'string' ? rel.event_id : null,
  };
}

/** Drops the legacy reply fallback (`> <@user> quoted` lines and the blank line after them). */
export function stripReplyFallback(body: string): string {
  if (!body.startsWith('> ')) return body;
  const lines = body.split('\n');
  let i = 0;
  while (i < lines.length && (lines[i] as string).startsWith('>')) i += 1;
  if (lines[i] === '') i += 1;
  return lines.slice(i).join('\n') || body;
}

/** Strips one pair of quotes around the whole reply (LLMs often wrap the line in quotes). */
export function stripSurroundingQuotes(text: string): string {
  const t = text.trim();
  const pairs: Record<string, string> = { '"': '"', '“': '”', "'": "'", '«': '»' };
  const first = t.charAt(0);
  const close = pairs[first];
  if (close && t.length >= 2 && t.endsWith(close) && !t.slice(1, -1).includes(first)) return t.slice(1, -1).trim();
  return t;
}

/** Markdown → HTML (org.matrix.custom.html); raw HTML in the text is escaped, not passed through. */
export function renderMarkdown(text: string): string {
  const escaped = text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>(?!\s)/g, '&gt;');
  return (marked.parse(escaped, { async: false, gfm: true, breaks: true }) as string).trim();
}

/**
 * The content of a reply to `to`: markdown body with its HTML form, `m.in_reply_to` the answered
 * event, inside the same thread when `to` is threaded, and mentioning the sender.
 */
export function buildReplyContent(text: string, to: Pick<IncomingMessage, 'event_id' | 'sender' | 'thread_root'>, msgtype: 'm.text' | 'm.notice' = 'm.text'): Json {
  const relation: Json = to.thread_root
    ? { rel_type: 'm.thread', event_id: to.thread_root, is_falling_back: false, 'm.in_reply_to': { event_id: to.event_id } }
    : { 'm.in_reply_to': { event_id: to.event_id } };
  return {
    msgtype,
    body: text,
    format: 'org.matrix.custom.html',
    formatted_body: renderMarkdown(text),
    'm.relates_to': relation,
    'm.mentions': { user_ids: [to.sender] },
  };
}

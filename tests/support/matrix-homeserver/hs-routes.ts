// The client-server API endpoints the matrix-js-sdk and the bot call, answered from HsState.
// Unknown endpoints get 404 M_UNRECOGNIZED like Synapse and are recorded for the tests.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { HsState } from './hs-state.ts';

/** Knobs the test-control API changes at run time. */
export interface HsKnobs {
  /** The next `sends` message sends answer 429 M_LIMIT_EXCEEDED with `retryAfterMs`. */
  rateLimit: { sends: number; retryAfterMs: number };
  rateLimited: number;
  unknown: string[];
  /** Every request as `METHOD path` (query stripped). */
  requests: string[];
}

type Reply = { status: number; body: unknown };
type Ctx = { state: HsState; knobs: HsKnobs; method: string; params: string[]; query: URLSearchParams; body: Record<string, unknown>; userId: string; deviceId: string };
type Handler = (ctx: Ctx) => Reply | Promise<Reply>;

const ok = (body: unknown = {}): Reply => ({ status: 200, body });
const err = (status: number, errcode: string, error: string, extra: Record<string, unknown> = {}): Reply => ({ status, body: { errcode, error, ...extra } });
const PREFIX = '/_matrix/client/(?:v3|r0|v1|unstable)';

const routes: { method: string; re: RegExp; auth: boolean; handler: Handler }[] = [];
function route(method: string, path: string, handler: Handler, auth = true): void {
  routes.push({ method, re: new RegExp(`^${PREFIX}${path}$`), auth, handler });
}

function resolveRoom(state: HsState, idOrAlias: string): string | null {
  if (idOrAlias.startsWith('#')) return state.aliases.get(idOrAlias) ?? null;
  return state.rooms.has(idOrAlias) ? idOrAlias : null;
}

function requireJoined(ctx: Ctx, roomId: string): Reply | null {
  if (!ctx.state.rooms.has(roomId)) return err(404, 'M_NOT_FOUND', 'Unknown room');
  if (ctx.state.membership(roomId, ctx.userId) !== 'join') return err(403, 'M_FORBIDDEN', `User ${ctx.userId} not in room ${roomId}`);
  return null;
}

function doJoin(ctx: Ctx, idOrAlias: string): Reply {
  const roomId = resolveRoom(ctx.state, idOrAlias);
  if (!roomId) return err(404, 'M_NOT_FOUND', 'No known servers');
  const m = ctx.state.membership(roomId, ctx.userId);
  const rule = ctx.state.rooms.get(roomId)?.state.get('m.room.join_rules\u0000')?.content.join_rule;
  if (m !== 'join' && m !== 'invite' && rule !== 'public') return err(403, 'M_FORBIDDEN', 'You are not invited to this room.');
  if (m !== 'join') ctx.state.setMembership(roomId, ctx.userId, ctx.userId, 'join');
  return ok({ room_id: roomId });
}

route('GET', '/login', () => ok({ flows: [{ type: 'm.login.password' }] }), false);
route('POST', '/login', ({ state, body }) => {
  const ident = body.identifier as { user?: string } | undefined;
  const raw = String(ident?.user ?? body.user ?? '');
  const userId = raw.startsWith('@') ? raw : `@${raw}:${state.serverName}`;
  const user = state.users.get(userId);
  if (body.type !== 'm.login.password' || !user || user.password === null || user.password !== body.password) {
    return err(403, 'M_FORBIDDEN', 'Invalid username or password');
  }
  const { accessToken, deviceId } = state.issueToken(userId, typeof body.device_id === 'string' ? body.device_id : undefined);
  return ok({ user_id: userId, access_token: accessToken, device_id: deviceId, home_server: state.serverName });
}, false);
route('POST', '/logout', () => ok());
route('GET', '/account/whoami', ({ userId, deviceId }) => ok({ user_id: userId, device_id: deviceId }));
route('GET', '/capabilities', () => ok({ capabilities: { 'm.change_password': { enabled: false }, 'm.room_versions': { default: '10', available: { 10: 'stable' } } } }));
route('GET', '/pushrules/?', () => ok({ global: { override: [], content: [], room: [], sender: [], underride: [] } }));
route('GET', '/voip/turnServer', () => ok({}));
route('POST', '/user/([^/]+)/filter', ({ state, params, body }) => {
  const user = state.users.get(decodeURIComponent(params[0] as string));
  const id = String((user?.filters.size ?? 0) + 1);
  user?.filters.set(id, body);
  return ok({ filter_id: id });
});
route('GET', '/user/([^/]+)/filter/([^/]+)', ({ state, params }) => {
  const filter = state.users.get(decodeURIComponent(params[0] as string))?.filters.get(params[1] as string);
  return filter ? ok(filter) : err(404, 'M_NOT_FOUND', 'No such filter');
});
route('GET', '/user/([^/]+)/account_data/([^/]+)', ({ state, params }) => {
  const data = state.users.get(decodeURIComponent(params[0] as string))?.accountData.get(decodeURIComponent(params[1] as string));
  return data === undefined ? err(404, 'M_NOT_FOUND', 'Account data not found') : ok(data);
});
route('PUT', '/user/([^/]+)/account_data/([^/]+)', ({ state, params, body }) => {
  state.users.get(decodeURIComponent(params[0] as string))?.accountData.set(decodeURIComponent(params[1] as string), body);
  return ok();
});
route('GET', '/profile/([^/]+)(?:/(displayname|avatar_url))?', ({ state, params }) => {
  const user = state.users.get(decodeURIComponent(params[0] as string));
  if (!user) return err(404, 'M_NOT_FOUND', 'Profile was not found');
  const profile = { displayname: user.displayname, avatar_url: user.avatar_url };
  const field = params[1] as 'displayname' | 'avatar_url' | undefined;
  return ok(field ? { [field]: profile[field] } : profile);
}, false);
route('PUT', '/profile/([^/]+)/(displayname|avatar_url)', ({ state, params, body, userId }) => {
  const user = state.users.get(decodeURIComponent(params[0] as string));
  if (!user || user.userId !== userId) return err(403, 'M_FORBIDDEN', 'Cannot set another user\'s profile');
  if (params[1] === 'displayname') user.displayname = String(body.displayname ?? '');
  else user.avatar_url = String(body.avatar_url ?? '');
  return ok();
});
route('POST', '/createRoom', (ctx) => {
  const { state, body, userId } = ctx;
  const room = state.createRoom(userId, {
    ...(typeof body.name === 'string' ? { name: body.name } : {}),
    ...(typeof body.room_alias_name === 'string' ? { alias: body.room_alias_name } : {}),
    isDirect: body.is_direct === true || body.preset === 'trusted_private_chat' || body.preset === 'private_chat',
  });
  for (const ev of (body.initial_state as { type?: string; state_key?: string; content?: Record<string, unknown> }[] | undefined) ?? []) {
    if (typeof ev.type === 'string') state.append(room.roomId, { type: ev.type, sender: userId, state_key: ev.state_key ?? '', content: ev.content ?? {} });
  }
  for (const invitee of (body.invite as string[] | undefined) ?? []) state.setMembership(room.roomId, userId, invitee, 'invite', body.is_direct ? { is_direct: true } : {});
  return ok({ room_id: room.roomId });
});
route('POST', '/join/([^/]+)', (ctx) => doJoin(ctx, decodeURIComponent(ctx.params[0] as string)));
route('POST', '/rooms/([^/]+)/join', (ctx) => doJoin(ctx, decodeURIComponent(ctx.params[0] as string)));
route('POST', '/rooms/([^/]+)/leave', ({ state, params, userId }) => {
  const roomId = decodeURIComponent(params[0] as string);
  if (state.membership(roomId, userId) === null) return err(404, 'M_NOT_FOUND', 'Not a member');
  state.setMembership(roomId, userId, userId, 'leave');
  return ok();
});
route('POST', '/rooms/([^/]+)/invite', (ctx) => {
  const roomId = decodeURIComponent(ctx.params[0] as string);
  const denied = requireJoined(ctx, roomId);
  if (denied) return denied;
  ctx.state.setMembership(roomId, ctx.userId, String(ctx.body.user_id), 'invite');
  return ok();
});
route('PUT', '/rooms/([^/]+)/send/([^/]+)/([^/]+)', (ctx) => {
  const { state, knobs, params, userId, body } = ctx;
  const roomId = decodeURIComponent(params[0] as string);
  const denied = requireJoined(ctx, roomId);
  if (denied) return denied;
  const txnKey = `${userId}|${ctx.deviceId}|${roomId}|${params[2]}`;
  const seen = state.txns.get(txnKey);
  if (seen) return ok({ event_id: seen });
  if (knobs.rateLimit.sends > 0) {
    knobs.rateLimit.sends -= 1;
    knobs.rateLimited += 1;
    return err(429, 'M_LIMIT_EXCEEDED', 'Too Many Requests', { retry_after_ms: knobs.rateLimit.retryAfterMs });
  }
  const event = state.append(roomId, { type: decodeURIComponent(params[1] as string), sender: userId, content: body });
  state.txns.set(txnKey, event.event_id);
  return ok({ event_id: event.event_id });
});
route('PUT', '/rooms/([^/]+)/state/([^/]+)(?:/([^/]*))?', (ctx) => {
  const roomId = decodeURIComponent(ctx.params[0] as string);
  const denied = requireJoined(ctx, roomId);
  if (denied) return denied;
  const event = ctx.state.append(roomId, { type: decodeURIComponent(ctx.params[1] as string), sender: ctx.userId, state_key: decodeURIComponent(ctx.params[2] ?? ''), content: ctx.body });
  return ok({ event_id: event.event_id });
});
route('PUT', '/rooms/([^/]+)/typing/([^/]+)', (ctx) => {
  const roomId = decodeURIComponent(ctx.params[0] as string);
  const denied = requireJoined(ctx, roomId);
  if (denied) return denied;
  if (decodeURIComponent(ctx.params[1] as string) !== ctx.userId) return err(403, 'M_FORBIDDEN', 'Cannot set another user\'s typing state');
  ctx.state.setTyping(roomId, ctx.userId, ctx.body.typing === true);
  return ok();
});
route('POST', '/rooms/([^/]+)/receipt/([^/]+)/([^/]+)', () => ok());
route('POST', '/rooms/([^/]+)/read_markers', () => ok());
route('GET', '/rooms/([^/]+)/joined_members', (ctx) => {
  const roomId = decodeURIComponent(ctx.params[0] as string);
  const denied = requireJoined(ctx, roomId);
  if (denied) return denied;
  const joined: Record<string, unknown> = {};
  for (const id of ctx.state.joinedMembers(roomId)) joined[id] = { display_name: ctx.state.users.get(id)?.displayname ?? null, avatar_url: null };
  return ok({ joined });
});
route('GET', '/rooms/([^/]+)/members', (ctx) => {
  const roomId = decodeURIComponent(ctx.params[0] as string);
  const denied = requireJoined(ctx, roomId);
  if (denied) return denied;
  const room = ctx.state.rooms.get(roomId);
  return ok({ chunk: [...(room?.state.values() ?? [])].filter((e) => e.type === 'm.room.member') });
});
route('GET', '/directory/room/([^/]+)', ({ state, params }) => {
  const roomId = state.aliases.get(decodeURIComponent(params[0] as string));
  return roomId ? ok({ room_id: roomId, servers: [state.serverName] }) : err(404, 'M_NOT_FOUND', 'Room alias not found');
});
route('POST', '/keys/upload', ({ state, body, userId, deviceId }) => ok(state.keys.upload(userId, deviceId, body)));
route('POST', '/keys/query', ({ state, body }) => ok(state.keys.query(body)));
route('POST', '/keys/claim', ({ state, body }) => ok(state.keys.claim(body)));
route('POST', '/keys/signatures/upload', () => ok({ failures: {} }));
route('GET', '/room_keys/version', () => err(404, 'M_NOT_FOUND', 'No current backup version'));
route('PUT', '/sendToDevice/([^/]+)/([^/]+)', ({ state, params, body, userId, deviceId }) => {
  const messages = body.messages;
  if (!messages || typeof messages !== 'object') return err(400, 'M_BAD_JSON', 'messages missing');
  state.keys.sendToDevice(userId, deviceId, decodeURIComponent(params[0] as string), decodeURIComponent(params[1] as string), messages as Record<string, Record<string, unknown>>);
  return ok();
});
route('GET', '/sync', async ({ state, query, userId, deviceId }) => {
  const since = query.get('since');
  const timeout = Math.min(Number(query.get('timeout') ?? 0) || 0, 30_000);
  const limit = timelineLimit(state, userId, query.get('filter'));
  const sinceNum = since === null ? null : Number(since);
  const deadline = Date.now() + timeout;
  for (;;) {
    const built = state.buildSync(userId, deviceId, sinceNum, limit);
    if (built) return ok(built);
    const left = deadline - Date.now();
    if (left <= 0) return ok({ next_batch: String(Math.max(sinceNum ?? 0, state.pos)), rooms: { join: {}, invite: {}, leave: {} } });
    await state.waitForChange(left);
  }
});

function timelineLimit(state: HsState, userId: string, filter: string | null): number {
  let parsed: unknown = null;
  if (filter?.startsWith('{')) parsed = JSON.parse(filter);
  else if (filter) parsed = state.users.get(userId)?.filters.get(filter) ?? null;
  const limit = (parsed as { room?: { timeline?: { limit?: number } } } | null)?.room?.timeline?.limit;
  return typeof limit === 'number' && limit > 0 ? limit : 20;
}

async function readBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  if (!text) return {};
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    return {};
  }
}

/** Handles one HTTP request against `state`. */
export async function handleRequest(state: HsState, knobs: HsKnobs, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const method = req.method ?? 'GET';
  knobs.requests.push(`${method} ${url.pathname}`);
  const send = (r: Reply) => {
    res.writeHead(r.status, { 'content-type': 'application/json', 'access-control-allow-origin': '*' });
    res.end(JSON.stringify(r.body));
  };
  if (method === 'OPTIONS') return send(ok());
  if (method === 'GET' && url.pathname === '/_matrix/client/versions') {
    return send(ok({ versions: ['r0.6.1', 'v1.1', 'v1.2', 'v1.3', 'v1.4', 'v1.5', 'v1.6', 'v1.7', 'v1.8', 'v1.9', 'v1.10', 'v1.11'], unstable_features: {} }));
  }
  const body = method === 'GET' ? {} : await readBody(req);
  for (const r of routes) {
    if (r.method !== method) continue;
    const match = r.re.exec(url.pathname);
    if (!match) continue;
    let userId = '';
    let deviceId = '';
    if (r.auth) {
      const header = req.headers.authorization ?? '';
      const token = header.startsWith('Bearer ') ? header.slice(7) : url.searchParams.get('access_token');
      if (!token) return send(err(401, 'M_MISSING_TOKEN', 'Missing access token'));
      const owner = state.tokens.get(token);
      if (!owner) return send(err(401, 'M_UNKNOWN_TOKEN', 'Invalid access token passed.', { soft_logout: false }));
      ({ userId, deviceId } = owner);
    }
    const reply = await r.handler({ state, knobs, method, params: match.slice(1) as string[], query: url.searchParams, body, userId, deviceId });
    return send(reply);
  }
  knobs.unknown.push(`${method} ${url.pathname}`);
  return send(err(404, 'M_UNRECOGNIZED', 'Unrecognized request'));
}

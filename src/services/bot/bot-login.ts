// Login of a bot account: the stored access token when the homeserver still accepts it, else a
// password login whose token is handed to `storeToken` so the next start reuses it.
import { createClient, MatrixError } from 'matrix-js-sdk';
import { AppError } from '../../shared/index.ts';
import { NETWORK_ERROR_TEXT, isNetworkErrorCode, networkErrorCode } from '../../core/index.ts';

/** What the login needs. */
export interface BotLoginInput {
  homeserverUrl: string;
  userId: string;
  deviceId: string | null;
  accessToken?: string;
  password?: string;
  /** Persists a token obtained by password login. */
  storeToken(token: string): void;
}

/** A usable session. */
export interface BotSession {
  accessToken: string;
  deviceId: string | null;
  /** True when the token came from a password login just now. */
  fresh: boolean;
}

/**
 * fetch that names the system error code in its message: matrix-js-sdk keeps only the message of
 * a failed fetch (`fetch failed: <message>`), and the start needs to tell "connection refused".
 */
export const codedFetch: typeof fetch = async (input, init) => {
  try {
    return await fetch(input, init);
  } catch (err) {
    const code = networkErrorCode(err);
    if (!code || (err as Error).name === 'AbortError') throw err;
    throw Object.assign(new TypeError(code, { cause: err }), { code });
  }
};

/** The device of a working token, or null when the homeserver refuses the token. */
async function tokenDevice(baseUrl: string, userId: string, accessToken: string): Promise<{ deviceId: string | null } | null> {
  try {
    const who = await createClient({ baseUrl, accessToken, userId, fetchFn: codedFetch }).whoami();
    return who.user_id === userId ? { deviceId: who.device_id ?? null } : null;
  } catch (err) {
    if (err instanceof MatrixError && (err.httpStatus === 401 || err.errcode === 'M_UNKNOWN_TOKEN')) return null;
    throw err;
  }
}


/**
 * Reads a failure before the bot is ready: `waiting` when the homeserver cannot be reached or
 * answers 5xx/429 (retry), `fatal` otherwise (a refused login, a bad answer).
 */
export function classifyStartFailure(err: unknown, homeserverUrl: string): { kind: 'waiting' | 'fatal'; message: string } {
  if (err instanceof AppError) return { kind: 'fatal', message: err.message };
  const status = (err as { httpStatus?: number }).httpStatus;
  if (typeof status === 'number') {
    if (status >= 500 || status === 429) return { kind: 'waiting', message: `homeserver ${homeserverUrl} unavailable: HTTP ${status}` };
    return { kind: 'fatal', message: `homeserver ${homeserverUrl} answered HTTP ${status}: ${(err as Error).message}` };
  }
  const code = networkErrorCode(err) ?? /\b(E[A-Z]+|UND_ERR_[A-Z_]+)\b/.exec((err as Error).message ?? '')?.[1];
  if (isNetworkErrorCode(code)) return { kind: 'waiting', message: `homeserver ${homeserverUrl} unreachable: ${NETWORK_ERROR_TEXT[code]}` };
  const name = (err as { name?: string }).name;
  if (name === 'ConnectionError' || (err instanceof TypeError && /fetch failed/i.test(err.message))) {
    return { kind: 'waiting', message: `homeserver ${homeserverUrl} unreachable: ${(err as Error).message}` };
  }
  return { kind: 'fatal', message: err instanceof Error ? err.message : String(err) };
}

/**
 * Logs in; rejects with UNAUTHORIZED when neither the token nor the password is accepted. The
 * session's device is the token's (whoami), so the encryption store follows the device.
 */
export async function loginBot(input: BotLoginInput): Promise<BotSession> {
  const who = input.accessToken ? await tokenDevice(input.homeserverUrl, input.userId, input.accessToken) : null;
  if (input.accessToken && who) return { accessToken: input.accessToken, deviceId: who.deviceId ?? input.deviceId, fresh: false };
  if (!input.password) {
    throw new AppError('UNAUTHORIZED', `The homeserver refused the access token of ${input.userId} and no password is stored`, { details: { user_id: input.userId } });
  }
  try {
    const res = await createClient({ baseUrl: input.homeserverUrl, fetchFn: codedFetch }).loginRequest({
      type: 'm.login.password',
      identifier: { type: 'm.id.user', user: input.userId },
      password: input.password,
      initial_device_display_name: 'Persona-MCP bot',
      ...(input.deviceId ? { device_id: input.deviceId } : {}),
    });
    input.storeToken(res.access_token);
    return { accessToken: res.access_token, deviceId: res.device_id ?? input.deviceId, fresh: true };
  } catch (err) {
    if (err instanceof MatrixError && (err.httpStatus === 403 || err.httpStatus === 401)) {
      throw new AppError('UNAUTHORIZED', `The homeserver refused the password of ${input.userId}`, { details: { user_id: input.userId } });
    }
    throw err;
  }
}

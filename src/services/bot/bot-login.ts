// Login of a bot account: the stored access token when the homeserver still accepts it, else a
// password login whose token is handed to `storeToken` so the next start reuses it.
import { createClient, MatrixError } from 'matrix-js-sdk';
import { AppError } from '../../shared/index.ts';

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

async function tokenWorks(baseUrl: string, userId: string, accessToken: string): Promise<boolean> {
  try {
    const who = await createClient({ baseUrl, accessToken, userId }).whoami();
    return who.user_id === userId;
  } catch (err) {
    if (err instanceof MatrixError && (err.httpStatus === 401 || err.errcode === 'M_UNKNOWN_TOKEN')) return false;
    throw err;
  }
}

/** Logs in; rejects with UNAUTHORIZED when neither the token nor the password is accepted. */
export async function loginBot(input: BotLoginInput): Promise<BotSession> {
  if (input.accessToken && (await tokenWorks(input.homeserverUrl, input.userId, input.accessToken))) {
    return { accessToken: input.accessToken, deviceId: input.deviceId, fresh: false };
  }
  if (!input.password) {
    throw new AppError('UNAUTHORIZED', `The homeserver refused the access token of ${input.userId} and no password is stored`, { details: { user_id: input.userId } });
  }
  try {
    const res = await createClient({ baseUrl: input.homeserverUrl }).loginRequest({
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

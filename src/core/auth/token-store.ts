// Access tokens: the install token (all scopes; pinned by `auth.token` or
// generated and kept in the secret store) and issued tokens with scopes (only their SHA-256 is
// stored, in the settings table). Tokens are managed by the host and the PersonaAPI, not over MCP.
import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { AppError } from '../../shared/index.ts';
import type { Database } from '../db/index.ts';
import { createRepositories } from '../repositories.ts';
import type { SecretStore } from '../secrets/index.ts';
import type { StoredToken } from './token.repository.ts';

/** Token scopes, weakest first. */
export const SCOPES = ['read', 'chat', 'write', 'admin'] as const;
/** A token scope. */
export type TokenScope = (typeof SCOPES)[number];

/** What a verified token grants. */
export interface TokenGrant {
  /** `install` for the install token, else the issued token's id. */
  readonly token_id: string;
  readonly scopes: readonly TokenScope[];
}

/** An issued token as listed (never its value). */
export interface IssuedToken {
  id: string;
  name: string;
  scopes: TokenScope[];
  created_at: string;
  revoked_at: string | null;
}

/** Manages and verifies access tokens; a change made by any process is seen by the next verify everywhere. */
export interface TokenStore {
  /** The install token, generating and storing one when none exists yet. */
  ensureInstallToken(): string;
  /** The install token if one exists (for the dashboard's network settings). */
  installToken(): string | undefined;
  /** True when `auth.token` in the config pins the install token (it cannot be regenerated here). */
  readonly pinned: boolean;
  /** Replaces the install token; the old one stops working everywhere once this resolves. */
  regenerateInstallToken(): Promise<string>;
  issue(name: string, scopes: TokenScope[]): Promise<{ id: string; token: string }>;
  /** Revokes the active tokens called `name` and issues a fresh one (a service's own token at each start). */
  reissue(name: string, scopes: TokenScope[]): Promise<{ id: string; token: string }>;
  revoke(id: string): Promise<void>;
  list(): Promise<IssuedToken[]>;
  /** The grant of `token`, or null when it is unknown or revoked. */
  verify(token: string): TokenGrant | null;
  /** A counter that changes whenever a token is replaced or revoked (connections re-verify then). */
  generation(): number;
}

const INSTALL_SECRET = 'auth.install_token';
const sha256 = (s: string) => createHash('sha256').update(s).digest();
const newToken = () => `pm_${randomBytes(24).toString('base64url')}`;

/** Creates the token store over the database and secret store of one process. */
export function createTokenStore(deps: { db: Database; secrets: SecretStore; configToken: string | undefined; now: () => Date }): TokenStore {
  const { db, secrets, configToken } = deps;
  // The install token lives in the secret store (a file); it is read again whenever the token row's
  // generation moves (a regeneration bumps it after writing the secret) or this process changed it.
  let install: { generation: number; value: string | undefined } | null = null;
  const readIssued = (): { issued: StoredToken[]; generation: number } => {
    const parsed = createRepositories(db.manager).tokens.read();
    return { issued: parsed.tokens, generation: parsed.generation };
  };
  const state = () => {
    const current = createRepositories(db.manager).tokens.current();
    if (!install || install.generation !== current.generation) install = { generation: current.generation, value: configToken ?? secrets.get(INSTALL_SECRET) };
    return { install: install.value, issued: current.tokens, generation: current.generation };
  };
  const save = async (tokens: StoredToken[], bump: boolean) => {
    const { generation } = readIssued();
    const value = { tokens, generation: generation + (bump ? 1 : 0) };
    await db.transaction(async (em) => createRepositories(em).tokens.write(value, deps.now().toISOString()));
    install = null;
  };
  const equal = (a: string, b: string) => timingSafeEqual(sha256(a), sha256(b));
  return {
    pinned: configToken !== undefined,
    ensureInstallToken() {
      const existing = configToken ?? secrets.get(INSTALL_SECRET);
      if (existing) return existing;
      const token = newToken();
      secrets.set(INSTALL_SECRET, token);
      install = null;
      return token;
    },
    installToken: () => configToken ?? secrets.get(INSTALL_SECRET),
    async regenerateInstallToken() {
      if (configToken !== undefined) {
        throw new AppError('CONFLICT', 'The access token is pinned by auth.token in the configuration (or PERSONA_MCP_AUTH__TOKEN); change it there', { details: { reason: 'pinned' } });
      }
      const token = newToken();
      secrets.set(INSTALL_SECRET, token);
      await save(readIssued().issued, true);
      return token;
    },
    async issue(name, scopes) {
      const token = newToken();
      const id = randomUUID();
      const entry: StoredToken = { id, name, scopes: [...new Set(scopes)], created_at: deps.now().toISOString(), revoked_at: null, sha256: sha256(token).toString('hex') };
      await save([...readIssued().issued, entry], false);
      return { id, token };
    },
    async reissue(name, scopes) {
      const now = deps.now().toISOString();
      const { issued } = readIssued();
      let revoked = false;
      for (const t of issued) {
        if (t.name === name && t.revoked_at === null) {
          t.revoked_at = now;
          revoked = true;
        }
      }
      const token = newToken();
      const id = randomUUID();
      issued.push({ id, name, scopes: [...new Set(scopes)], created_at: now, revoked_at: null, sha256: sha256(token).toString('hex') });
      await save(issued, revoked);
      return { id, token };
    },
    async revoke(id) {
      const { issued } = readIssued();
      const target = issued.find((t) => t.id === id && t.revoked_at === null);
      if (!target) throw new AppError('INVALID_PARAMS', `No active token with id ${id}`, { details: { token_id: id } });
      target.revoked_at = deps.now().toISOString();
      await save(issued, true);
    },
    async list() {
      return readIssued().issued.map(({ sha256: _hash, ...rest }) => rest);
    },
    verify(token) {
      const match = (s: ReturnType<typeof state>): TokenGrant | null => {
        if (s.install && equal(token, s.install)) return { token_id: 'install', scopes: SCOPES };
        const digest = sha256(token).toString('hex');
        const hit = s.issued.find((t) => t.revoked_at === null && t.sha256.length === digest.length && timingSafeEqual(Buffer.from(t.sha256), Buffer.from(digest)));
        return hit ? { token_id: hit.id, scopes: hit.scopes } : null;
      };
      const grant = match(state());
      if (grant) return grant;
      // A miss reads the install token through once more: another process may have just created it.
      install = null;
      return match(state());
    },
    generation: () => state().generation,
  };
}

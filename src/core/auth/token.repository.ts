import type { EntityManager } from 'typeorm';
import { cachedRow, prepared, sqliteOf, upsertRow } from '../db/index.ts';
import type { IssuedToken } from './token-store.ts';

/** An issued token as stored: never its value, only its SHA-256. */
export interface StoredToken extends IssuedToken {
  sha256: string;
}

/** The issued tokens and the generation counter bumped when one is replaced or revoked. */
export interface StoredTokens {
  tokens: StoredToken[];
  generation: number;
}

/** Issued access tokens, kept as one JSON value under the `auth.tokens` setting. */
export interface TokenRepository {
  /** The stored tokens (a fresh, editable copy); none issued yet reads as an empty list at generation 0. */
  read(): StoredTokens;
  /**
   * The stored tokens as last committed by any process, frozen: served from the row cache while
   * SQLite reports no change since (this connection's writes and every other connection's commits
   * end it), so each request sees a token issued or revoked anywhere before it.
   */
  current(): Readonly<StoredTokens>;
  write(value: StoredTokens, at: string): void;
}

const KEY = 'auth.tokens';

/** Token repository bound to an entity manager (synchronous: tokens are verified on every request). */
export function createTokenRepository(em: EntityManager): TokenRepository {
  const sqlite = sqliteOf(em);
  const load = (): StoredTokens => {
    const row = prepared(sqlite, 'SELECT value FROM settings WHERE key = ?').get(KEY) as { value: string } | undefined;
    return row ? (JSON.parse(row.value) as StoredTokens) : { tokens: [], generation: 0 };
  };
  return {
    read: load,
    current: () => cachedRow<StoredTokens>(sqlite, `setting:${KEY}`, load) ?? { tokens: [], generation: 0 },
    write(value, at) {
      upsertRow(sqlite, 'settings', ['key'], { key: KEY, value, updated_at: at });
    },
  };
}

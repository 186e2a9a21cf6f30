import type { EntityManager } from 'typeorm';
import { execSql } from '../../database/sql.js';

/**
 * The AS's single-use credentials and the one statement that uses each up: a conditional
 * UPDATE … RETURNING, which of any number of concurrent callers changes the row for exactly one, on SQLite
 * and PostgreSQL alike. Every one is scoped to the client it was issued to.
 * - code: an authorization code (RFC 6749 §4.1.2: used once);
 * - token: a refresh token at its rotation (RFC 9700 §4.14.2), or any token revoked (RFC 7009);
 * - request: a pushed authorization request, also only while unexpired (RFC 9126 §4: one-time use).
 */
const STATEMENTS = {
  code: 'UPDATE as_authorization_codes SET consumed_at = ? WHERE code_hash = ? AND client_id = ? AND consumed_at IS NULL RETURNING code_hash',
  token: 'UPDATE as_tokens SET revoked_at = ? WHERE token_hash = ? AND client_id = ? AND revoked_at IS NULL RETURNING token_hash',
  request:
    'UPDATE as_pushed_requests SET consumed_at = ? WHERE request_uri_hash = ? AND client_id = ? AND consumed_at IS NULL AND expires_at > ? RETURNING params',
} as const;

export type OneTime = keyof typeof STATEMENTS;

/** Marks the credential used at `now`; the row as it is returned, for the one caller that did, else undefined. */
export async function consumeOnce(em: EntityManager, kind: OneTime, hash: string, clientId: string, now = Date.now()): Promise<Record<string, unknown> | undefined> {
  const params = kind === 'request' ? [now, hash, clientId, now] : [now, hash, clientId];
  const { rows } = await execSql(em, STATEMENTS[kind], params);
  return rows.length === 1 ? rows[0] : undefined;
}

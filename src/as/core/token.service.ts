import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, EntityManager, Repository } from 'typeorm';
import { randomToken, sha256 } from '../../common/crypto/secrets.js';
import { execSql, inTransaction } from '../../database/sql.js';
import { AppConfig } from '../../config/app-config.js';
import { FixedFind } from '../../database/fixed-find.js';
import { GrantEntity } from '../entities/grant.entity.js';
import { TokenEntity, TokenKind } from '../entities/token.entity.js';

export const REFRESH_TOKEN_TTL_S = 90 * 24 * 3600;

// Fixed statement texts with bound parameters: TypeORM's SQLite driver writes numbers (our timestamps)
// into the SQL itself, so its insert and update would be a new statement to prepare on every request.
const INSERT_ROW = '(?, ?, ?, ?, ?, ?, ?, NULL, ?, ?)';
const INSERT = 'INSERT INTO as_tokens (token_hash, kind, grant_id, client_id, user_id, scope, expires_at, revoked_at, created_at, jkt) VALUES ';
const CONSUME = 'UPDATE as_tokens SET revoked_at = ? WHERE token_hash = ? AND revoked_at IS NULL RETURNING token_hash';
const TOUCH_GRANT = 'UPDATE as_grants SET last_used_at = ? WHERE id = ?';

export interface IssuedTokens {
  accessToken: string;
  refreshToken?: string;
  expiresIn: number;
  scope: string;
  /** The grant the tokens hang from (Grant Management §5.5: grant_id in the token response). */
  grantId: string;
  /** RFC 9449 §6: the DPoP key both tokens are bound to (undefined: bearer tokens). */
  jkt?: string;
}

/** Opaque access and refresh tokens: 256 random bits, stored only as SHA-256. */
@Injectable()
export class TokenService {
  constructor(
    @InjectRepository(TokenEntity) private readonly repo: Repository<TokenEntity>,
    private readonly db: DataSource,
    private readonly config: AppConfig,
  ) {
    this.byHash = new FixedFind(repo, ['tokenHash', 'kind']);
  }

  /** The hot lookup of every bearer request and every refresh: one fixed statement. */
  private readonly byHash: FixedFind<TokenEntity>;

  /** A new access token with `scope`, and a refresh token whose scope is `refreshScope` (RFC 6749 §6). */
  /** No token outlives its grant; a one-time grant gets no refresh token. */
  /** With `jkt`, both are bound to that DPoP key (RFC 9449 §5). */
  issue(grant: GrantEntity, scope: string, withRefresh: boolean, refreshScope = scope, jkt?: string): Promise<IssuedTokens> {
    return this.insertTokens(this.repo.manager, grant, scope, withRefresh, refreshScope, jkt);
  }

  /**
   * A refresh that keeps its refresh token (FAPI 2.0 §5.3.2.1 [9]: no rotation of a sender-constrained
   * refresh token): a new access token, bound to the same key, and the grant marked used, in one transaction.
   */
  refreshWithoutRotation(grant: GrantEntity, scope: string, jkt: string): Promise<IssuedTokens> {
    return inTransaction(this.db, async (em) => {
      const issued = await this.insertTokens(em, grant, scope, false, scope, jkt);
      await this.touchGrant(em, grant.id);
      return issued;
    });
  }

  /**
   * The refresh exchange (RFC 6749 §6) as one transaction: the presented refresh token is consumed, the new
   * tokens are stored and the grant is marked used, or none of it happens — a crash or a failed write in
   * between leaves the old refresh token working, so a lost answer never locks the person's app out.
   * Undefined when the token was already consumed (by a concurrent exchange: a replay).
   */
  rotate(old: TokenEntity, grant: GrantEntity, scope: string, jkt?: string): Promise<IssuedTokens | undefined> {
    return inTransaction(this.db, async (em) => {
      if (!(await this.consumeWith(em, old.tokenHash))) return undefined;
      const issued = await this.insertTokens(em, grant, scope, true, old.scope, jkt);
      await this.touchGrant(em, grant.id);
      return issued;
    });
  }

  private async insertTokens(em: EntityManager, grant: GrantEntity, scope: string, withRefresh: boolean, refreshScope: string, jkt?: string): Promise<IssuedTokens> {
    const now = Date.now();
    const end = (ttlS: number) => Math.min(now + ttlS * 1000, grant.expiresAt ?? Infinity);
    const accessToken = randomToken();
    const accessEnd = end(this.config.accessTokenTtlSeconds); // ACCESS_TOKEN_TTL_SECONDS
    const rows = [this.row(accessToken, 'access', grant, scope, now, accessEnd, jkt)];
    let refreshToken: string | undefined;
    if (withRefresh && grant.duration !== 'once') {
      refreshToken = randomToken();
      rows.push(this.row(refreshToken, 'refresh', grant, refreshScope, now, end(REFRESH_TOKEN_TTL_S), jkt));
    }
    await execSql(em, INSERT + rows.map(() => INSERT_ROW).join(', '), rows.flat());
    return { accessToken, refreshToken, expiresIn: Math.max(1, Math.floor((accessEnd - now) / 1000)), scope, grantId: grant.id, jkt };
  }

  /** The token row, whatever its state: callers decide what expired or revoked means for them. */
  find(token: string, kind: TokenKind): Promise<TokenEntity | null> {
    return this.byHash.one(sha256(token), kind);
  }

  async findActive(token: string, kind: TokenKind): Promise<TokenEntity | undefined> {
    const row = await this.find(token, kind);
    return row && row.revokedAt === null && row.expiresAt > Date.now() ? row : undefined;
  }

  /** Marks a token used up; true for exactly one caller even under concurrent use. */
  consume(row: TokenEntity): Promise<boolean> {
    return this.consumeWith(this.repo.manager, row.tokenHash);
  }

  private async consumeWith(em: EntityManager, tokenHash: string): Promise<boolean> {
    const { rows } = await execSql(em, CONSUME, [Date.now(), tokenHash]);
    return rows.length === 1;
  }

  private async touchGrant(em: EntityManager, grantId: string): Promise<void> {
    await execSql(em, TOUCH_GRANT, [Date.now(), grantId]);
  }

  async revoke(row: TokenEntity): Promise<void> {
    await this.consume(row);
  }

  /** Values in INSERT_ROW's order. */
  private row(token: string, kind: TokenKind, grant: GrantEntity, scope: string, now: number, expiresAt: number, jkt?: string): (string | number | null)[] {
    return [sha256(token), kind, grant.id, grant.clientId, grant.userId, scope, expiresAt, now, jkt ?? null];
  }
}

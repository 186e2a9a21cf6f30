import { Injectable } from '@nestjs/common';
import { randomToken, sha256 } from '../../common/crypto/secrets.js';
import { AppConfig } from '../../config/app-config.js';
import { GrantEntity } from '../entities/grant.entity.js';
import { TokenEntity, TokenKind } from '../entities/token.entity.js';
import { GrantsRepository } from '../storage/grants.repository.js';
import { NewToken, TokensRepository } from '../storage/tokens.repository.js';
import { AsTransactions, Tx } from '../storage/transactions.js';

export const REFRESH_TOKEN_TTL_S = 90 * 24 * 3600;
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
    private readonly store: TokensRepository,
    private readonly grants: GrantsRepository,
    private readonly transactions: AsTransactions,
    private readonly config: AppConfig,
  ) {}

  /** A new access token with `scope`, and a refresh token whose scope is `refreshScope` (RFC 6749 §6). */
  /** No token outlives its grant; a one-time grant gets no refresh token. */
  /** With `jkt`, both are bound to that DPoP key (RFC 9449 §5). */
  issue(grant: GrantEntity, scope: string, withRefresh: boolean, refreshScope = scope, jkt?: string): Promise<IssuedTokens> {
    return this.insertTokens(undefined, grant, scope, withRefresh, refreshScope, jkt);
  }

  /**
   * A refresh that keeps its refresh token (FAPI 2.0 §5.3.2.1 [9]: no rotation of a sender-constrained
   * refresh token): a new access token, bound to the same key, and the grant marked used, in one transaction.
   */
  refreshWithoutRotation(grant: GrantEntity, scope: string, jkt: string): Promise<IssuedTokens> {
    return this.transactions.run(async (tx) => {
      const issued = await this.insertTokens(tx, grant, scope, false, scope, jkt);
      await this.grants.touch(grant.id, Date.now(), tx);
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
    return this.transactions.run(async (tx) => {
      if (!(await this.store.consumeOnce(old.tokenHash, old.clientId, tx))) return undefined;
      const issued = await this.insertTokens(tx, grant, scope, true, old.scope, jkt);
      await this.grants.touch(grant.id, Date.now(), tx);
      return issued;
    });
  }

  /** `tx` undefined: on its own. */
  private async insertTokens(tx: Tx | undefined, grant: GrantEntity, scope: string, withRefresh: boolean, refreshScope: string, jkt?: string): Promise<IssuedTokens> {
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
    await this.store.insert(rows, tx);
    return { accessToken, refreshToken, expiresIn: Math.max(1, Math.floor((accessEnd - now) / 1000)), scope, grantId: grant.id, jkt };
  }

  /** The token row, whatever its state: callers decide what expired or revoked means for them. */
  find(token: string, kind: TokenKind): Promise<TokenEntity | null> {
    return this.store.find(sha256(token), kind);
  }

  async findActive(token: string, kind: TokenKind): Promise<TokenEntity | undefined> {
    const row = await this.find(token, kind);
    return row && row.revokedAt === null && row.expiresAt > Date.now() ? row : undefined;
  }

  /** Marks a token used up; true for exactly one caller even under concurrent use. */
  consume(row: TokenEntity): Promise<boolean> {
    return this.store.consumeOnce(row.tokenHash, row.clientId);
  }

  async revoke(row: TokenEntity): Promise<void> {
    await this.consume(row);
  }

  private row(token: string, kind: TokenKind, grant: GrantEntity, scope: string, now: number, expiresAt: number, jkt?: string): NewToken {
    return { tokenHash: sha256(token), kind, grantId: grant.id, clientId: grant.clientId, userId: grant.userId, scope, expiresAt, createdAt: now, jkt: jkt ?? null };
  }
}

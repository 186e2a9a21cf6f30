import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { randomToken, sha256 } from '../../common/crypto/secrets.js';
import { GrantEntity } from '../entities/grant.entity.js';
import { TokenEntity, TokenKind } from '../entities/token.entity.js';

export const ACCESS_TOKEN_TTL_S = 900;
export const REFRESH_TOKEN_TTL_S = 90 * 24 * 3600;

// Fixed statement texts with bound parameters: TypeORM's SQLite driver writes numbers (our timestamps)
// into the SQL itself, so its insert and update would be a new statement to prepare on every request.
const INSERT_ROW = '(?, ?, ?, ?, ?, ?, ?, NULL, ?)';
const INSERT = 'INSERT INTO as_tokens (token_hash, kind, grant_id, client_id, user_id, scope, expires_at, revoked_at, created_at) VALUES ';
const CONSUME = 'UPDATE as_tokens SET revoked_at = ? WHERE token_hash = ? AND revoked_at IS NULL RETURNING token_hash';

export interface IssuedTokens {
  accessToken: string;
  refreshToken?: string;
  expiresIn: number;
  scope: string;
}

/** Opaque access and refresh tokens: 256 random bits, stored only as SHA-256. */
@Injectable()
export class TokenService {
  constructor(@InjectRepository(TokenEntity) private readonly repo: Repository<TokenEntity>) {}

  /** A new access token with `scope`, and a refresh token whose scope is `refreshScope` (RFC 6749 §6). */
  /** No token outlives its grant; a one-time grant gets no refresh token. */
  async issue(grant: GrantEntity, scope: string, withRefresh: boolean, refreshScope = scope): Promise<IssuedTokens> {
    const now = Date.now();
    const end = (ttlS: number) => Math.min(now + ttlS * 1000, grant.expiresAt ?? Infinity);
    const accessToken = randomToken();
    const accessEnd = end(ACCESS_TOKEN_TTL_S);
    const rows = [this.row(accessToken, 'access', grant, scope, now, accessEnd)];
    let refreshToken: string | undefined;
    if (withRefresh && grant.duration !== 'once') {
      refreshToken = randomToken();
      rows.push(this.row(refreshToken, 'refresh', grant, refreshScope, now, end(REFRESH_TOKEN_TTL_S)));
    }
    await this.repo.query(INSERT + rows.map(() => INSERT_ROW).join(', '), rows.flat());
    return { accessToken, refreshToken, expiresIn: Math.max(1, Math.floor((accessEnd - now) / 1000)), scope };
  }

  /** The token row, whatever its state: callers decide what expired or revoked means for them. */
  find(token: string, kind: TokenKind): Promise<TokenEntity | null> {
    return this.repo.findOneBy({ tokenHash: sha256(token), kind });
  }

  async findActive(token: string, kind: TokenKind): Promise<TokenEntity | undefined> {
    const row = await this.find(token, kind);
    return row && row.revokedAt === null && row.expiresAt > Date.now() ? row : undefined;
  }

  /** Marks a token used up; true for exactly one caller even under concurrent use. */
  async consume(row: TokenEntity): Promise<boolean> {
    const marked = (await this.repo.query(CONSUME, [Date.now(), row.tokenHash])) as unknown[];
    return marked.length === 1;
  }

  async revoke(row: TokenEntity): Promise<void> {
    await this.consume(row);
  }

  /** Values in INSERT_ROW's order. */
  private row(token: string, kind: TokenKind, grant: GrantEntity, scope: string, now: number, expiresAt: number): (string | number)[] {
    return [sha256(token), kind, grant.id, grant.clientId, grant.userId, scope, expiresAt, now];
  }
}

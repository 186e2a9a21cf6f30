import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { FixedFind } from '../../database/fixed-find.js';
import { execSql } from '../../database/sql.js';
import { TokenEntity, TokenKind } from '../entities/token.entity.js';
import { consumeOnce } from './consume-once.js';
import type { Tx } from './transactions.js';

// Fixed statement texts with bound parameters: TypeORM's SQLite driver writes numbers (our timestamps)
// into the SQL itself, so its insert and update would be a new statement to prepare on every request.
const ROW = '(?, ?, ?, ?, ?, ?, ?, NULL, ?, ?)';
const INSERT = 'INSERT INTO as_tokens (token_hash, kind, grant_id, client_id, user_id, scope, expires_at, revoked_at, created_at, jkt) VALUES ';
/** An access token alone, or with its refresh token. */
const INSERTS = [INSERT + ROW, `${INSERT + ROW}, ${ROW}`];
const PURGE = 'DELETE FROM as_tokens WHERE expires_at < ?';

export type NewToken = Omit<TokenEntity, 'revokedAt'>;

/**
 * The AS's opaque access and refresh tokens, known by their SHA-256: the only code issuing, reading, using
 * up and purging them (a grant's tokens also end in the transaction that ends or changes the grant, in
 * GrantsRepository and GrantChangesRepository). A token is looked up by its hash alone (the bearer of the
 * token is who presents it); it is used up or revoked only by the client it was issued to.
 */
@Injectable()
export class TokensRepository {
  /** The hot lookup of every bearer request, refresh and introspection: one fixed statement. */
  private readonly byHash: FixedFind<TokenEntity>;

  constructor(@InjectRepository(TokenEntity) private readonly rows: Repository<TokenEntity>) {
    this.byHash = new FixedFind(rows, ['tokenHash', 'kind']);
  }

  /** The token row, whatever its state. */
  find(tokenHash: string, kind: TokenKind): Promise<TokenEntity | null> {
    return this.byHash.one(tokenHash, kind);
  }

  /** One or two tokens (an access token and its refresh token), in one statement. */
  async insert(tokens: NewToken[], tx?: Tx): Promise<void> {
    const values = tokens.flatMap((t) => [t.tokenHash, t.kind, t.grantId, t.clientId, t.userId, t.scope, t.expiresAt, t.createdAt, t.jkt]);
    await execSql(tx ?? this.rows.manager, INSERTS[tokens.length - 1], values);
  }

  /** Uses the client's token up (a refresh at its rotation, or a revocation); true for exactly one caller. */
  async consumeOnce(tokenHash: string, clientId: string, tx?: Tx): Promise<boolean> {
    return (await consumeOnce(tx ?? this.rows.manager, 'token', tokenHash, clientId)) !== undefined;
  }

  /** Deletes the tokens that expired before `before`; how many. */
  async purgeExpired(before: number): Promise<number> {
    return (await execSql(this.rows.manager, PURGE, [before])).affected;
  }
}

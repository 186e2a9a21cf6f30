import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { FixedFind } from '../../database/fixed-find.js';
import { execSql } from '../../database/sql.js';
import { AuthorizationCodeEntity } from '../entities/authorization-code.entity.js';
import { consumeOnce } from './consume-once.js';

// A fixed statement with bound parameters: TypeORM's SQLite driver writes numbers into the SQL itself.
const INSERT =
  'INSERT INTO as_authorization_codes (code_hash, grant_id, client_id, redirect_uri, code_challenge, expires_at, dpop_jkt, grant_change, consumed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL)';
const PURGE = 'DELETE FROM as_authorization_codes WHERE expires_at < ?';

export type NewCode = Omit<AuthorizationCodeEntity, 'consumedAt'>;

/** Authorization codes (RFC 6749 §4.1.2): the only code touching as_authorization_codes; a code is its client's. */
@Injectable()
export class CodesRepository {
  private readonly byHash: FixedFind<AuthorizationCodeEntity>;

  constructor(@InjectRepository(AuthorizationCodeEntity) private readonly rows: Repository<AuthorizationCodeEntity>) {
    this.byHash = new FixedFind(rows, ['codeHash', 'clientId']);
  }

  async insert(c: NewCode): Promise<void> {
    await execSql(this.rows.manager, INSERT, [c.codeHash, c.grantId, c.clientId, c.redirectUri, c.codeChallenge, c.expiresAt, c.dpopJkt, c.grantChange ? JSON.stringify(c.grantChange) : null]);
  }

  /** The code issued to this client, used or not (§4.1.3: a code is redeemed only by its client). */
  find(codeHash: string, clientId: string): Promise<AuthorizationCodeEntity | null> {
    return this.byHash.one(codeHash, clientId);
  }

  /** Uses the code up; true for exactly one of concurrent redemptions. */
  async consumeOnce(codeHash: string, clientId: string): Promise<boolean> {
    return (await consumeOnce(this.rows.manager, 'code', codeHash, clientId)) !== undefined;
  }

  /** Deletes the codes that expired before `before`; how many. */
  async purgeExpired(before: number): Promise<number> {
    return (await execSql(this.rows.manager, PURGE, [before])).affected;
  }
}

import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { execSql } from '../../database/sql.js';
import { UsedAssertionEntity } from '../entities/used-assertion.entity.js';

const REMEMBER = 'INSERT INTO as_used_assertions (jti_hash, expires_at) VALUES (?, ?) ON CONFLICT (jti_hash) DO NOTHING RETURNING jti_hash';
const PURGE = 'DELETE FROM as_used_assertions WHERE expires_at < ?';

/**
 * RFC 7523 §3 (7): the client assertions' jtis already used, on every instance: the only code touching
 * as_used_assertions. A jti is kept hashed with its client ("client_id jti"), so it is that client's.
 */
@Injectable()
export class UsedAssertionsRepository {
  constructor(@InjectRepository(UsedAssertionEntity) private readonly rows: Repository<UsedAssertionEntity>) {}

  /** Remembers the jti until `expiresAt`; false when it was already remembered (a replay), in one statement. */
  async remember(jtiHash: string, expiresAt: number): Promise<boolean> {
    const { rows } = await execSql(this.rows.manager, REMEMBER, [jtiHash, expiresAt]);
    return rows.length === 1;
  }

  /** Forgets the jtis of assertions that expired before `before` (refused as expired anyway); how many. */
  async purgeExpired(before: number): Promise<number> {
    return (await execSql(this.rows.manager, PURGE, [before])).affected;
  }
}

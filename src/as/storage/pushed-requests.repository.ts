import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { execSql } from '../../database/sql.js';
import { PushedRequestEntity } from '../entities/pushed-request.entity.js';
import { consumeOnce } from './consume-once.js';

const INSERT = 'INSERT INTO as_pushed_requests (request_uri_hash, client_id, params, expires_at, consumed_at) VALUES (?, ?, ?, ?, NULL)';
const PURGE = 'DELETE FROM as_pushed_requests WHERE expires_at < ?';

/** RFC 9126 pushed authorization requests: the only code touching as_pushed_requests; a request is its client's. */
@Injectable()
export class PushedRequestsRepository {
  constructor(@InjectRepository(PushedRequestEntity) private readonly rows: Repository<PushedRequestEntity>) {}

  async insert(r: Omit<PushedRequestEntity, 'consumedAt'>): Promise<void> {
    // The column is TypeORM's simple-json: JSON text on both dialects.
    await execSql(this.rows.manager, INSERT, [r.requestUriHash, r.clientId, JSON.stringify(r.params), r.expiresAt]);
  }

  /** §4: this client's request, unexpired and unused, used now; its parameters, or undefined. */
  async redeem(requestUriHash: string, clientId: string): Promise<Record<string, string> | undefined> {
    const row = await consumeOnce(this.rows.manager, 'request', requestUriHash, clientId);
    return row === undefined ? undefined : (JSON.parse(String(row.params)) as Record<string, string>);
  }

  /** Deletes the requests that expired before `before`; how many. */
  async purgeExpired(before: number): Promise<number> {
    return (await execSql(this.rows.manager, PURGE, [before])).affected;
  }
}

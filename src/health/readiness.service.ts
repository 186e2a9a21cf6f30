import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { WebSessionEntity } from '../common/session/web-session.entity.js';

const PROBE_TIMEOUT_MS = 2000;

/**
 * Whether this instance can do its work: the database answers and accepts writes. The probe is a write that
 * changes nothing (a DELETE matching no row, in a transaction rolled back): SQLite refuses it on a read-only file
 * or under `query_only`, PostgreSQL on a read-only replica or in a read-only transaction.
 */
@Injectable()
export class ReadinessService {
  constructor(private readonly db: DataSource) {}

  async check(): Promise<{ ready: true } | { ready: false; reason: string }> {
    if (!this.db.isInitialized) return { ready: false, reason: 'database connection closed' };
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${PROBE_TIMEOUT_MS} ms`)), PROBE_TIMEOUT_MS);
    });
    try {
      await Promise.race([this.probeWrite(), timeout]);
      return { ready: true };
    } catch (err) {
      return { ready: false, reason: `database not writable: ${(err as Error).message.split('\n')[0]}` };
    } finally {
      clearTimeout(timer);
    }
  }

  private async probeWrite(): Promise<void> {
    const runner = this.db.createQueryRunner();
    try {
      await runner.startTransaction();
      try {
        await runner.manager.createQueryBuilder().delete().from(WebSessionEntity).where('1 = 0').execute();
      } finally {
        await runner.rollbackTransaction();
      }
    } finally {
      await runner.release();
    }
  }
}

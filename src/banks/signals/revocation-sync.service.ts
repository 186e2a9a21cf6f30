import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { AppConfig } from '../../config/app-config.js';
import { PurgeScheduler } from '../../common/retention/purge-scheduler.js';
import { BankRevokedGrantsRepository } from '../storage/bank-revoked-grants.repository.js';
import { BankTokenVerifier, REVOKED_TTL_MS } from '../token/bank-token.verifier.js';

/** How often an instance looks for pushes another instance received (PostgreSQL: several instances). */
const EVERY_MS = 1000;
/** Read back a little before the last push seen: a row committed late with an earlier time is not missed. */
const OVERLAP_MS = 5000;

/**
 * A push reaches one instance of a bank (whichever the load balancer picks); the others learn of it here:
 * at start, every revocation still within its 15 minutes; then, with PostgreSQL, once a second, those
 * that arrived since. The data path reads only memory, as before.
 */
@Injectable()
export class RevocationSync implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly log = new Logger('SSF');
  private timer?: NodeJS.Timeout;
  private seen = 0;
  private busy = false;

  constructor(
    private readonly revoked: BankRevokedGrantsRepository,
    private readonly verifier: BankTokenVerifier,
    private readonly config: AppConfig,
    scheduler: PurgeScheduler,
  ) {
    scheduler.register({ name: 'pushed revocations', purge: (now) => this.revoked.purge(now - REVOKED_TTL_MS) });
  }

  async onApplicationBootstrap(): Promise<void> {
    this.seen = Date.now() - REVOKED_TTL_MS;
    await this.sync();
    if (!this.config.databaseUrl) return; // one instance on SQLite: its own pushes are in memory already
    this.timer = setInterval(() => void this.sync(), EVERY_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  async sync(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      for (const row of await this.revoked.since(this.seen - OVERLAP_MS)) {
        this.verifier.grantRevoked(row.bankId, row.issuer, row.grantId, row.revokedAt);
        this.seen = Math.max(this.seen, row.revokedAt);
      }
    } catch (err) {
      this.log.warn(`reading pushed revocations failed: ${(err as Error).message}`);
    } finally {
      this.busy = false;
    }
  }
}

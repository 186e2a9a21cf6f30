import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { GrantService } from './grant.service.js';

const EVERY_MS = 5000;

/**
 * A grant that reaches its end by itself is an end like any other for the banks: every few seconds the
 * grants past their expiry are marked EXPIRED, each with its security event pushed to its banks (a grant
 * seen expired on the way, by Intro, introspection or the dashboard, is marked and told there and then).
 */
@Injectable()
export class GrantExpiry implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly log = new Logger('GrantExpiry');
  private timer?: NodeJS.Timeout;
  private busy = false;

  constructor(private readonly grants: GrantService) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.sweep(), EVERY_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  async sweep(now = Date.now()): Promise<number> {
    if (this.busy) return 0;
    this.busy = true;
    try {
      return await this.grants.expire(await this.grants.overdue(now));
    } catch (err) {
      this.log.warn(`expiry sweep failed: ${(err as Error).message}`);
      return 0;
    } finally {
      this.busy = false;
    }
  }
}

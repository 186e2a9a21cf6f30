import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { AppConfig } from '../../config/app-config.js';
import { DbLock } from '../../database/database.module.js';

/** One kind of record that outlives its use: `purge` deletes what is past keeping at `now` and says how many. */
export interface PurgeTask {
  name: string;
  purge(now: number): Promise<number>;
}

/**
 * Retention: every PURGE_INTERVAL_SECONDS, each party's purge tasks (expired codes, tokens and sessions, old
 * activity) run, under one lock so that only one instance purges at a time.
 */
@Injectable()
export class PurgeScheduler implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly log = new Logger('Retention');
  private readonly tasks: PurgeTask[] = [];
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly config: AppConfig,
    private readonly lock: DbLock,
  ) {}

  /** Called by each party's retention provider when its module starts. */
  register(task: PurgeTask): void {
    this.tasks.push(task);
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.runOnce().catch((err: unknown) => this.log.warn(`purge failed: ${(err as Error).message}`)), this.config.purgeIntervalSeconds * 1000);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  /** Runs every task once; how many records each deleted. */
  runOnce(now = Date.now()): Promise<Record<string, number>> {
    // One purge at a time across every instance on the store (a PostgreSQL advisory lock; serial on SQLite).
    return this.lock.withLock('steward:retention-purge', async () => {
      const deleted: Record<string, number> = {};
      for (const task of this.tasks) deleted[task.name] = await task.purge(now);
      return deleted;
    });
  }
}

import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import type { ActivityEntity, ActivityKind } from '../entities/activity.entity.js';
import { ActivityRepository } from '../storage/activity.repository.js';
import { ClientsRepository } from '../storage/clients.repository.js';

export interface ActivityInput {
  /** The app concerned; its registered name is written into the log. */
  clientId?: string;
  bank?: string | null;
  detail: string;
}

interface Pending {
  userId: string;
  at: number;
  kind: ActivityKind;
  clientId?: string;
  bank: string | null;
  detail: string;
}

/**
 * The person's activity log: one line for each thing done on their behalf.
 *
 * Lines are written in batches: the lines recorded while the event loop handles one round of I/O are
 * written together once it has (setImmediate), with the apps' names read in one query. Under load that is
 * one statement for many requests instead of two per request; alone, a line is in the table before the
 * caller's next request can arrive. Reading the log first writes what is pending, so it is never behind.
 */
@Injectable()
export class ActivityService implements OnModuleDestroy {
  private readonly log = new Logger('ActivityService');
  private pending: Pending[] = [];
  private scheduled = false;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly repo: ActivityRepository,
    private readonly clients: ClientsRepository,
  ) {}

  record(userId: string, kind: ActivityKind, input: ActivityInput): Promise<void> {
    this.pending.push({ userId, at: Date.now(), kind, clientId: input.clientId, bank: input.bank ?? null, detail: input.detail.slice(0, 512) });
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => void this.flush());
    }
    return Promise.resolve();
  }

  async recent(userId: string, limit = 100): Promise<ActivityEntity[]> {
    await this.flush();
    return this.repo.recent(userId, limit);
  }

  /** Writes every pending line, in the order recorded; resolves once they are in the table. */
  flush(): Promise<void> {
    this.scheduled = false;
    const lines = this.pending;
    this.pending = [];
    if (lines.length > 0) this.writing = this.writing.then(() => this.write(lines)).catch((err: unknown) => this.log.error(`activity lines lost: ${String(err)}`));
    return this.writing;
  }

  onModuleDestroy(): Promise<void> {
    return this.flush();
  }

  private async write(lines: Pending[]): Promise<void> {
    const ids = [...new Set(lines.map((l) => l.clientId).filter((id): id is string => id !== undefined))];
    // The apps' names as they are now, for the lines that name an app.
    const names = await this.clients.names(ids);
    await this.repo.insert(lines.map(({ clientId, ...line }) => ({ ...line, clientName: (clientId && names.get(clientId)) || null })));
  }
}

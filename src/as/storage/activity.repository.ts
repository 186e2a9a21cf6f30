import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, LessThan, Repository } from 'typeorm';
import { ActivityEntity } from '../entities/activity.entity.js';
import { AsClientEntity } from '../entities/as-client.entity.js';

export type NewActivity = Omit<ActivityEntity, 'id'>;

/** The person's activity log: the only code touching as_activity; every read is one person's. */
@Injectable()
export class ActivityRepository {
  constructor(
    @InjectRepository(ActivityEntity) private readonly rows: Repository<ActivityEntity>,
    @InjectRepository(AsClientEntity) private readonly clients: Repository<AsClientEntity>,
  ) {}

  /** The newest lines first. */
  recent(userId: string, limit: number): Promise<ActivityEntity[]> {
    return this.rows.find({ where: { userId }, order: { at: 'DESC', id: 'DESC' }, take: limit });
  }

  /** The apps' names as they are now, for the lines that name an app. */
  async clientNames(clientIds: string[]): Promise<Map<string, string>> {
    if (clientIds.length === 0) return new Map();
    const found = await this.clients.find({ where: { clientId: In(clientIds) }, select: { clientId: true, clientName: true } });
    return new Map(found.map((c) => [c.clientId, c.clientName]));
  }

  /** At most 100 rows (600 bound values) per statement, well under every driver's limit. */
  async insert(lines: NewActivity[]): Promise<void> {
    for (let i = 0; i < lines.length; i += 100) await this.rows.insert(lines.slice(i, i + 100));
  }

  /** Deletes the lines older than `before` (ACTIVITY_RETENTION_DAYS); how many. */
  async purgeBefore(before: number): Promise<number> {
    return (await this.rows.delete({ at: LessThan(before) })).affected ?? 0;
  }
}

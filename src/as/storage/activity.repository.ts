import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { LessThan, Repository } from 'typeorm';
import { ActivityEntity } from '../entities/activity.entity.js';

export type NewActivity = Omit<ActivityEntity, 'id'>;

/** The person's activity log: the only code touching as_activity; every read is one person's. */
@Injectable()
export class ActivityRepository {
  constructor(@InjectRepository(ActivityEntity) private readonly rows: Repository<ActivityEntity>) {}

  /** The newest lines first. */
  recent(userId: string, limit: number): Promise<ActivityEntity[]> {
    return this.rows.find({ where: { userId }, order: { at: 'DESC', id: 'DESC' }, take: limit });
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

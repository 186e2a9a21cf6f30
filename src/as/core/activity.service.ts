import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { ActivityEntity, ActivityKind } from '../entities/activity.entity.js';
import { AsClientEntity } from '../entities/as-client.entity.js';

export interface ActivityInput {
  /** The app concerned; its registered name is written into the log. */
  clientId?: string;
  bank?: string | null;
  detail: string;
}

/** The person's activity log: one line for each thing done on their behalf. */
@Injectable()
export class ActivityService {
  constructor(
    @InjectRepository(ActivityEntity) private readonly repo: Repository<ActivityEntity>,
    @InjectRepository(AsClientEntity) private readonly clients: Repository<AsClientEntity>,
  ) {}

  async record(userId: string, kind: ActivityKind, input: ActivityInput): Promise<void> {
    const client = input.clientId ? await this.clients.findOne({ where: { clientId: input.clientId }, select: { clientName: true } }) : null;
    await this.repo.insert({ userId, at: Date.now(), kind, clientName: client?.clientName ?? null, bank: input.bank ?? null, detail: input.detail.slice(0, 512) });
  }

  recent(userId: string, limit = 100): Promise<ActivityEntity[]> {
    return this.repo.find({ where: { userId }, order: { at: 'DESC', id: 'DESC' }, take: limit });
  }
}

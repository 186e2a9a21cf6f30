import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { LessThan, Repository } from 'typeorm';
import { PurgeScheduler } from '../retention/purge-scheduler.js';
import { WebSessionEntity } from './web-session.entity.js';

/** Sessions past their idle expiry are of no use to anyone: purged. */
@Injectable()
export class SessionRetention implements OnModuleInit {
  constructor(
    @InjectRepository(WebSessionEntity) private readonly repo: Repository<WebSessionEntity>,
    private readonly scheduler: PurgeScheduler,
  ) {}

  onModuleInit(): void {
    this.scheduler.register({ name: 'sessions', purge: async (now) => (await this.repo.delete({ expiresAt: LessThan(now) })).affected ?? 0 });
  }
}

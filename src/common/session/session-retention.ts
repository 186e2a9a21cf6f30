import { Injectable, OnModuleInit } from '@nestjs/common';
import { PurgeScheduler } from '../retention/purge-scheduler.js';
import { WebSessionsRepository } from './web-sessions.repository.js';

/** Sessions past their idle expiry are of no use to anyone: purged. */
@Injectable()
export class SessionRetention implements OnModuleInit {
  constructor(
    private readonly sessions: WebSessionsRepository,
    private readonly scheduler: PurgeScheduler,
  ) {}

  onModuleInit(): void {
    this.scheduler.register({ name: 'sessions', purge: (now) => this.sessions.purgeExpired(now) });
  }
}

import { Injectable, OnModuleInit } from '@nestjs/common';
import { PurgeScheduler } from '../../common/retention/purge-scheduler.js';
import { AppConfig } from '../../config/app-config.js';
import { ActivityRepository } from '../storage/activity.repository.js';
import { CodesRepository } from '../storage/codes.repository.js';
import { PushedRequestsRepository } from '../storage/pushed-requests.repository.js';
import { TokensRepository } from '../storage/tokens.repository.js';
import { UsedAssertionsRepository } from '../storage/used-assertions.repository.js';

const DAY_MS = 24 * 3600 * 1000;
/**
 * A used code is kept a day past its expiry, so that a replay within that day is still recognised and
 * revokes what the code issued (RFC 6749 §4.1.2); after that a replay is just an unknown code.
 */
export const CODE_KEPT_AFTER_EXPIRY_MS = DAY_MS;

/**
 * The AS's retention: expired codes and tokens are deleted (a used refresh token is kept until it expires,
 * for reuse detection, RFC 9700 §4.14.2), and the activity log keeps ACTIVITY_RETENTION_DAYS.
 */
@Injectable()
export class AsRetention implements OnModuleInit {
  constructor(
    private readonly codes: CodesRepository,
    private readonly tokens: TokensRepository,
    private readonly activity: ActivityRepository,
    private readonly pushed: PushedRequestsRepository,
    private readonly assertions: UsedAssertionsRepository,
    private readonly config: AppConfig,
    private readonly scheduler: PurgeScheduler,
  ) {}

  onModuleInit(): void {
    this.scheduler.register({ name: 'codes', purge: (now) => this.codes.purgeExpired(now - CODE_KEPT_AFTER_EXPIRY_MS) });
    this.scheduler.register({ name: 'tokens', purge: (now) => this.tokens.purgeExpired(now) });
    this.scheduler.register({ name: 'pushed requests', purge: (now) => this.pushed.purgeExpired(now) });
    // An assertion's jti is kept until the assertion expires: after that the assertion is refused anyway.
    this.scheduler.register({ name: 'client assertions', purge: (now) => this.assertions.purgeExpired(now) });
    this.scheduler.register({ name: 'activity', purge: (now) => this.activity.purgeBefore(now - this.config.activityRetentionDays * DAY_MS) });
  }
}

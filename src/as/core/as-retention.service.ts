import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { LessThan, Repository } from 'typeorm';
import { PurgeScheduler } from '../../common/retention/purge-scheduler.js';
import { AppConfig } from '../../config/app-config.js';
import { ActivityEntity } from '../entities/activity.entity.js';
import { AuthorizationCodeEntity } from '../entities/authorization-code.entity.js';
import { PushedRequestEntity } from '../entities/pushed-request.entity.js';
import { TokenEntity } from '../entities/token.entity.js';
import { UsedAssertionEntity } from '../entities/used-assertion.entity.js';

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
    @InjectRepository(AuthorizationCodeEntity) private readonly codes: Repository<AuthorizationCodeEntity>,
    @InjectRepository(TokenEntity) private readonly tokens: Repository<TokenEntity>,
    @InjectRepository(ActivityEntity) private readonly activity: Repository<ActivityEntity>,
    @InjectRepository(PushedRequestEntity) private readonly pushed: Repository<PushedRequestEntity>,
    @InjectRepository(UsedAssertionEntity) private readonly assertions: Repository<UsedAssertionEntity>,
    private readonly config: AppConfig,
    private readonly scheduler: PurgeScheduler,
  ) {}

  onModuleInit(): void {
    const affected = (r: { affected?: number | null }) => r.affected ?? 0;
    this.scheduler.register({ name: 'codes', purge: async (now) => affected(await this.codes.delete({ expiresAt: LessThan(now - CODE_KEPT_AFTER_EXPIRY_MS) })) });
    this.scheduler.register({ name: 'tokens', purge: async (now) => affected(await this.tokens.delete({ expiresAt: LessThan(now) })) });
    this.scheduler.register({ name: 'pushed requests', purge: async (now) => affected(await this.pushed.delete({ expiresAt: LessThan(now) })) });
    // An assertion's jti is kept until the assertion expires: after that the assertion is refused anyway.
    this.scheduler.register({ name: 'client assertions', purge: async (now) => affected(await this.assertions.delete({ expiresAt: LessThan(now) })) });
    this.scheduler.register({ name: 'activity', purge: async (now) => affected(await this.activity.delete({ at: LessThan(now - this.config.activityRetentionDays * DAY_MS) })) });
  }
}

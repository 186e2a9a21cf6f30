import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { LessThanOrEqual, Repository } from 'typeorm';
import { randomToken } from '../../common/crypto/secrets.js';
import { FixedFind } from '../../database/fixed-find.js';
import { GrantDuration, GrantEntity } from '../entities/grant.entity.js';
import { TokenEntity } from '../entities/token.entity.js';
import { ActivityService } from './activity.service.js';
import type { AccountInformationDetail } from './authorization-details.js';
import { Initiator, SecurityEventsService } from './security-events.service.js';
import { SetDispatcher } from './set-dispatcher.service.js';

const DAY_MS = 24 * 3600 * 1000;
/** A one-time grant lives one hour, long enough to fetch once; it gets no refresh token. */
export const ONCE_MS = 3600 * 1000;
const TOUCH_EVERY_MS = 60 * 1000;

export const DURATIONS: Record<GrantDuration, { words: string; ms: number | null }> = {
  once: { words: 'One time (one hour, no renewal)', ms: ONCE_MS },
  '30d': { words: '30 days', ms: 30 * DAY_MS },
  '90d': { words: '90 days', ms: 90 * DAY_MS },
  until_revoked: { words: 'Until I revoke it', ms: null },
};
export const HISTORY_MONTHS = [3, 12, 24];

export interface NewGrant {
  clientId: string;
  userId: string;
  scope: string[];
  resourceIds: string[];
  historyMonths: number | null;
  duration: GrantDuration;
  authorizationDetails?: AccountInformationDetail[] | null;
}

/** A grant is one consent: what one person allowed one client. Every token hangs from one grant. */
@Injectable()
export class GrantService {
  constructor(
    @InjectRepository(GrantEntity) private readonly grants: Repository<GrantEntity>,
    @InjectRepository(TokenEntity) private readonly tokens: Repository<TokenEntity>,
    private readonly activity: ActivityService,
    private readonly events: SecurityEventsService,
    private readonly dispatcher: SetDispatcher,
  ) {
    this.activeById = new FixedFind(grants, ['id'], { fixed: { status: 'ACTIVE' } });
  }

  /** The hot lookup of every bearer request, refresh and introspection: one fixed statement. */
  private readonly activeById: FixedFind<GrantEntity>;

  create(input: NewGrant): Promise<GrantEntity> {
    const ms = DURATIONS[input.duration].ms;
    return this.grants.save(
      this.grants.create({
        id: randomToken(16),
        clientId: input.clientId,
        userId: input.userId,
        scope: input.scope.join(' '),
        resourceIds: input.resourceIds,
        authorizationDetails: input.authorizationDetails ?? null,
        historyMonths: input.historyMonths,
        duration: input.duration,
        expiresAt: ms === null ? null : Date.now() + ms,
        status: 'ACTIVE',
        lastUsedAt: null,
        revokedAt: null,
      }),
    );
  }

  /** The grant if it is ACTIVE and not past its expiry; an expired one is marked EXPIRED on the way. */
  async findActive(id: string): Promise<GrantEntity | null> {
    const grant = await this.activeById.one(id);
    if (grant && grant.expiresAt !== null && grant.expiresAt <= Date.now()) {
      await this.expire([grant.id]);
      return null;
    }
    return grant;
  }

  /**
   * Marks the grant used now: at most once a minute per grant (the dashboard's "last used"), so an app
   * calling Intro many times a second does not write the grant row on every call.
   */
  async touch(grant: GrantEntity): Promise<void> {
    const now = Date.now();
    if (grant.lastUsedAt !== null && now - grant.lastUsedAt < TOUCH_EVERY_MS) return;
    await this.grants.update({ id: grant.id }, { lastUsedAt: now });
    grant.lastUsedAt = now;
  }

  /** The person's grants, newest first; expired ones show as EXPIRED. */
  async ofUser(userId: string): Promise<GrantEntity[]> {
    const rows = await this.grants.find({ where: { userId }, order: { createdAt: 'DESC' } });
    const now = Date.now();
    const expired = rows.filter((g) => g.status === 'ACTIVE' && g.expiresAt !== null && g.expiresAt <= now);
    if (expired.length) {
      await this.expire(expired.map((g) => g.id));
      for (const g of expired) g.status = 'EXPIRED';
    }
    return rows;
  }

  /** Grants past their expiry still marked ACTIVE (the expiry sweep's question). */
  async overdue(now = Date.now(), limit = 100): Promise<string[]> {
    const rows = await this.grants.find({ where: { status: 'ACTIVE', expiresAt: LessThanOrEqual(now) }, select: { id: true }, take: limit });
    return rows.map((g) => g.id);
  }

  /**
   * Marks grants past their expiry EXPIRED, each with its security event to the banks in the same
   * transaction (whoever marks it first sends it: the update is conditional on ACTIVE).
   */
  async expire(ids: string[]): Promise<number> {
    let queued = 0;
    for (const id of ids) {
      queued += await this.grants.manager.transaction(async (em) => {
        const res = await em.update(GrantEntity, { id, status: 'ACTIVE', expiresAt: LessThanOrEqual(Date.now()) }, { status: 'EXPIRED' });
        if (res.affected !== 1) return 0;
        const grant = (await em.findOneBy(GrantEntity, { id })) as GrantEntity;
        return this.events.grantEnded(em, grant, 'system', 'The grant reached the end of the duration the person chose');
      });
    }
    if (queued) this.dispatcher.kick();
    return queued;
  }

  findOfUser(userId: string, id: string): Promise<GrantEntity | null> {
    return this.grants.findOneBy({ id, userId });
  }

  /** Ends a grant and every token minted from it, and says why in the person's log. False if it was not active. */
  async revoke(id: string, reason: string, initiator: Initiator = 'user'): Promise<boolean> {
    const ended = await this.grants.manager.transaction(async (em) => {
      const now = Date.now();
      const res = await em.update(GrantEntity, { id, status: 'ACTIVE' }, { status: 'REVOKED', revokedAt: now });
      await em.createQueryBuilder().update(TokenEntity).set({ revokedAt: now }).where('grant_id = :id AND revoked_at IS NULL', { id }).execute();
      if (res.affected !== 1) return false;
      // The banks hear of it by push (SSF, RFC 8935): the SETs are written with the revocation itself.
      await this.events.grantEnded(em, (await em.findOneBy(GrantEntity, { id })) as GrantEntity, initiator, reason);
      return true;
    });
    if (ended) {
      this.dispatcher.kick();
      const grant = (await this.grants.findOneBy({ id })) as GrantEntity;
      await this.activity.record(grant.userId, 'grant_revoked', { clientId: grant.clientId, detail: reason });
    }
    return ended;
  }
}

import { Injectable } from '@nestjs/common';
import { randomToken } from '../../common/crypto/secrets.js';
import type { GrantDuration, GrantEntity } from '../entities/grant.entity.js';
import { GrantsRepository } from '../storage/grants.repository.js';
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
    private readonly grants: GrantsRepository,
    private readonly activity: ActivityService,
    private readonly events: SecurityEventsService,
    private readonly dispatcher: SetDispatcher,
  ) {}

  async create(input: NewGrant): Promise<GrantEntity> {
    const ms = DURATIONS[input.duration].ms;
    const grant: GrantEntity = {
      id: randomToken(16),
      clientId: input.clientId,
      userId: input.userId,
      scope: input.scope.join(' '),
      authorizationDetails: input.authorizationDetails ?? null,
      historyMonths: input.historyMonths,
      duration: input.duration,
      expiresAt: ms === null ? null : Date.now() + ms,
      status: 'ACTIVE',
      lastUsedAt: null,
      revokedAt: null,
      createdAt: Date.now(),
    };
    await this.grants.insert(grant, input.resourceIds);
    return grant;
  }

  /** The grant if it is ACTIVE and not past its expiry; an expired one is marked EXPIRED on the way. */
  async findActive(id: string): Promise<GrantEntity | null> {
    return this.unexpired(await this.grants.active(id));
  }

  /** Grant Management §6: the ACTIVE grant only if this client holds it for this person, else null. */
  async findHeld(id: string, clientId: string, userId: string): Promise<GrantEntity | null> {
    return this.unexpired(await this.grants.activeHeldBy(id, clientId, userId));
  }

  private async unexpired(grant: GrantEntity | null): Promise<GrantEntity | null> {
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
    await this.grants.touch(grant.id, now);
    grant.lastUsedAt = now;
  }

  /** The person's grants, newest first; expired ones show as EXPIRED. */
  async ofUser(userId: string): Promise<GrantEntity[]> {
    const rows = await this.grants.allOfUser(userId);
    const now = Date.now();
    const expired = rows.filter((g) => g.status === 'ACTIVE' && g.expiresAt !== null && g.expiresAt <= now);
    if (expired.length) {
      await this.expire(expired.map((g) => g.id));
      for (const g of expired) g.status = 'EXPIRED';
    }
    return rows;
  }

  /** The ids of the resources (accounts) each of the person's grants shares, by grant id. */
  sharedByUser(userId: string): Promise<Map<string, string[]>> {
    return this.grants.sharedByUser(userId);
  }

  /** The ids of the resources one of the person's grants shares. */
  sharedIn(userId: string, grantId: string): Promise<string[]> {
    return this.grants.sharedIn(userId, grantId);
  }

  /** Grants past their expiry still marked ACTIVE (the expiry sweep's question). */
  overdue(now = Date.now(), limit = 100): Promise<string[]> {
    return this.grants.overdue(now, limit);
  }

  /**
   * Marks grants past their expiry EXPIRED, each with its security event to the banks in the same
   * transaction (whoever marks it first sends it: the update is conditional on ACTIVE).
   */
  async expire(ids: string[]): Promise<number> {
    let queued = 0;
    for (const id of ids) {
      const reason = 'The grant reached the end of the duration the person chose';
      queued += (await this.grants.expire(id, Date.now(), (tx, ended) => this.events.grantEnded(tx, ended.id, ended.bankClientIds, 'system', reason))) ?? 0;
    }
    if (queued) this.dispatcher.kick();
    return queued;
  }

  findOfUser(userId: string, id: string): Promise<GrantEntity | null> {
    return this.grants.ofUser(userId, id);
  }

  /** Ends a grant and every token minted from it, and says why in the person's log. False if it was not active. */
  async revoke(id: string, reason: string, initiator: Initiator = 'user'): Promise<boolean> {
    // The banks hear of it by push (SSF, RFC 8935): the SETs are written with the revocation itself.
    const ended = await this.grants.revokeWithTokens(id, Date.now(), async (tx, grant) => {
      await this.events.grantEnded(tx, grant.id, grant.bankClientIds, initiator, reason);
      return grant;
    });
    if (!ended) return false;
    this.dispatcher.kick();
    await this.activity.record(ended.userId, 'grant_revoked', { clientId: ended.clientId, detail: reason });
    return true;
  }
}

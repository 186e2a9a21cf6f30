import { Injectable } from '@nestjs/common';
import { SecurityEventsService } from '../core/security-events.service.js';
import { SetDispatcher } from '../core/set-dispatcher.service.js';
import type { GrantEntity } from '../entities/grant.entity.js';
import { GrantChangesRepository } from '../storage/grant-changes.repository.js';
import { GrantsRepository } from '../storage/grants.repository.js';
import { ResourcesRepository } from '../storage/resources.repository.js';
import { AsTransactions, Tx } from '../storage/transactions.js';
import { changedContents, GrantChange } from './grant-management-action.js';

const REPLACED = 'The app replaced this grant with what the person consented to (Grant Management): accounts no longer in it are closed to the app';

/**
 * Grant Management for OAuth 2.0 §5.2, when the code of a merge or replace request is redeemed: the grant
 * keeps its grant_id and takes the new consent in. Both invalidate the grant's refresh tokens (§5.2); a
 * replace also ends its access tokens, and the banks hear it at once (§11: a narrower grant is propagated out
 * of band): `session-revoked` for a bank left with none of the grant's accounts, `grant-resource-removed` for
 * each account taken out at a bank that keeps others. One transaction: the
 * change, the revocations and the SETs (the outbox) are written together or not at all.
 */
@Injectable()
export class GrantChangesService {
  constructor(
    private readonly tx: AsTransactions,
    private readonly grants: GrantsRepository,
    private readonly tokens: GrantChangesRepository,
    private readonly resources: ResourcesRepository,
    private readonly events: SecurityEventsService,
    private readonly dispatcher: SetDispatcher,
  ) {}

  /** The changed grant, or null when it is no longer active (revoked or expired since the consent). */
  async apply(target: Pick<GrantEntity, 'id' | 'clientId' | 'userId'>, change: GrantChange): Promise<GrantEntity | null> {
    const done = await this.tx.run((tx) => this.applyWith(tx, target, change));
    if (done?.queued) this.dispatcher.kick();
    return done?.grant ?? null;
  }

  private async applyWith(tx: Tx, target: Pick<GrantEntity, 'id' | 'clientId' | 'userId'>, change: GrantChange): Promise<{ grant: GrantEntity; queued: number } | null> {
    const now = Date.now();
    const grant = await this.grants.lockActiveHeld(tx, target.id, target.clientId, target.userId);
    if (!grant || (grant.expiresAt !== null && grant.expiresAt <= now)) return null;
    const { removedResourceIds, ...contents } = changedContents(grant, change, now);
    await this.grants.setContents(tx, grant.id, contents);
    await this.tokens.endTokens(tx, grant.id, change.action === 'replace' ? ['access', 'refresh'] : ['refresh'], now);
    const queued = removedResourceIds.length ? await this.narrowed(tx, grant, removedResourceIds, contents.resourceIds) : 0;
    return { grant: Object.assign(grant, contents), queued };
  }

  /** The banks hear which accounts a replace took out (each with the bank that registered it) and which banks keep some. */
  private async narrowed(tx: Tx, grant: Pick<GrantEntity, 'id' | 'userId'>, removedIds: string[], keptIds: string[]): Promise<number> {
    const removed = await this.resources.banksOf(tx, grant.userId, removedIds);
    const kept = (await this.resources.banksOf(tx, grant.userId, keptIds)).map((r) => r.clientId);
    return this.events.grantNarrowed(tx, grant.id, removed, kept, REPLACED);
  }
}

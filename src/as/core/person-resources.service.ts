import { Injectable } from '@nestjs/common';
import type { ResourceEntity } from '../entities/resource.entity.js';
import { ClientsRepository } from '../storage/clients.repository.js';
import { ResourceOwner, ResourcesRepository } from '../storage/resources.repository.js';
import { ActivityService } from './activity.service.js';
import { Initiator, SecurityEventsService } from './security-events.service.js';
import { SetDispatcher } from './set-dispatcher.service.js';

export interface PersonAccount {
  id: string;
  bank: string;
  bankClientId: string;
  /** The bank's resource identifier (its registered resource_server): an RFC 9396 location. */
  bankResource: string | null;
  name: string;
  type: string | null;
  registeredAt: number;
}

/** A person's registered accounts as the person sees them: by bank, with the bank's registered name. */
@Injectable()
export class PersonResourcesService {
  constructor(
    private readonly resources: ResourcesRepository,
    private readonly clients: ClientsRepository,
    private readonly activity: ActivityService,
    private readonly events: SecurityEventsService,
    private readonly dispatcher: SetDispatcher,
  ) {}

  async accountsOf(userId: string): Promise<PersonAccount[]> {
    const rows = await this.resources.accountsOf(userId);
    return rows
      .map((r) => ({
        id: r.id,
        bank: r.bankName ?? 'Unknown bank',
        bankClientId: r.clientId,
        bankResource: r.bankResource,
        name: r.name,
        type: r.type,
        registeredAt: r.createdAt,
      }))
      .sort((a, b) => a.bank.localeCompare(b.bank) || a.name.localeCompare(b.name));
  }

  /** The person takes an account out of the AS: Intro no longer lists it and its tokens stop working. */
  async remove(userId: string, resourceId: string): Promise<boolean> {
    const row = await this.resources.ofOwner(userId, resourceId);
    if (!row) return false;
    if (!(await this.deleteAndTell(row, { ownerId: userId }, 'user'))) return false;
    await this.activity.record(userId, 'resource_removed', { clientId: row.clientId, bank: await this.bankName(row.clientId), detail: `You removed ${row.name}` });
    return true;
  }

  /**
   * Deletes a registered resource of `owner` (and of the bank, when `owner.clientId` is given) and, in the
   * same transaction, queues the security event that tells its bank (SSF push): the bank stops trusting
   * this AS for the account and its page says so. False if gone.
   */
  async deleteAndTell(row: ResourceEntity, owner: ResourceOwner, initiator: Initiator): Promise<boolean> {
    const queued = await this.resources.remove(owner, row.id, (tx) => this.events.resourceDeleted(tx, row, initiator));
    if (queued > 1) this.dispatcher.kick();
    return queued > 0;
  }

  async bankName(clientId: string): Promise<string | null> {
    return (await this.clients.byClientId(clientId))?.clientName ?? null;
  }
}

import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import { AsClientEntity } from '../entities/as-client.entity.js';
import { ResourceEntity } from '../entities/resource.entity.js';
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
    @InjectRepository(ResourceEntity) private readonly resources: Repository<ResourceEntity>,
    @InjectRepository(AsClientEntity) private readonly clients: Repository<AsClientEntity>,
    private readonly activity: ActivityService,
    private readonly events: SecurityEventsService,
    private readonly dispatcher: SetDispatcher,
  ) {}

  async accountsOf(userId: string): Promise<PersonAccount[]> {
    const rows = await this.resources.find({ where: { ownerId: userId }, order: { createdAt: 'ASC' } });
    const banks = await this.clients.findBy({ clientId: In([...new Set(rows.map((r) => r.clientId))]) });
    const bankOf = new Map(banks.map((b) => [b.clientId, b]));
    return rows
      .map((r) => ({
        id: r.id,
        bank: bankOf.get(r.clientId)?.clientName ?? 'Unknown bank',
        bankClientId: r.clientId,
        bankResource: bankOf.get(r.clientId)?.resourceServer ?? null,
        name: r.name,
        type: r.type,
        registeredAt: r.createdAt,
      }))
      .sort((a, b) => a.bank.localeCompare(b.bank) || a.name.localeCompare(b.name));
  }

  /** The person takes an account out of the AS: Intro no longer lists it and its tokens stop working. */
  async remove(userId: string, resourceId: string): Promise<boolean> {
    const row = await this.resources.findOneBy({ id: resourceId, ownerId: userId });
    if (!row) return false;
    if (!(await this.deleteAndTell(row, { id: row.id, ownerId: userId }, 'user'))) return false;
    await this.activity.record(userId, 'resource_removed', { clientId: row.clientId, bank: await this.bankName(row.clientId), detail: `You removed ${row.name}` });
    return true;
  }

  /**
   * Deletes a registered resource and, in the same transaction, queues the security event that tells its
   * bank (SSF push): the bank stops trusting this AS for the account and its page says so. False if gone.
   */
  async deleteAndTell(row: ResourceEntity, where: Partial<ResourceEntity>, initiator: Initiator): Promise<boolean> {
    const queued = await this.resources.manager.transaction(async (em) => {
      const res = await em.delete(ResourceEntity, where);
      return res.affected ? 1 + (await this.events.resourceDeleted(em, row, initiator)) : 0;
    });
    if (queued > 1) this.dispatcher.kick();
    return queued > 0;
  }

  async bankName(clientId: string): Promise<string | null> {
    return (await this.clients.findOne({ where: { clientId }, select: { clientName: true } }))?.clientName ?? null;
  }
}

import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import { FixedFind } from '../../database/fixed-find.js';
import { execSql, inTransaction } from '../../database/sql.js';
import { ResourceEntity } from '../entities/resource.entity.js';
import type { Tx } from './transactions.js';

/** What a bank may change of a resource it registered (UMA 2.0 FedAuthz §3.2.3). */
export type ResourceFields = Pick<ResourceEntity, 'resourceScopes' | 'name' | 'type' | 'description' | 'iconUri' | 'endpoint' | 'updatedAt'>;

/** Who may touch a resource: its owner (the person), and, for the bank's own calls, the bank that registered it. */
export interface ResourceOwner {
  ownerId: string;
  clientId?: string;
}

/** One of a person's accounts, with the bank that registered it (its client_name and resource_server). */
export interface OwnedAccount {
  id: string;
  clientId: string;
  name: string;
  type: string | null;
  createdAt: number;
  bankName: string | null;
  bankResource: string | null;
}

/** One account a grant shares, as Intro needs it: the resource and the bank that registered it. */
export interface SharedAccount {
  id: string;
  clientId: string;
  resourceScopes: string[];
  name: string;
  endpoint: string;
  bankName: string;
  bankResource: string | null;
}

// The grant's shares (as_grant_resources) joined with the resources still registered by the grant's person.
const SHARED_IN =
  'SELECT r.id, r.client_id, r.resource_scopes, r.name, r.endpoint, c.client_name, c.resource_server FROM as_grant_resources gr ' +
  'JOIN as_resources r ON r.id = gr.resource_id AND r.owner_id = ? JOIN as_clients c ON c.client_id = r.client_id ' +
  'WHERE gr.grant_id = ? ORDER BY r.created_at ASC, r.id ASC';
const IS_SHARED =
  'SELECT r.id FROM as_grant_resources gr JOIN as_resources r ON r.id = gr.resource_id ' +
  'WHERE gr.grant_id = ? AND gr.resource_id = ? AND r.owner_id = ? AND r.client_id = ?';
const ENDPOINTS_IN = 'SELECT r.endpoint FROM as_grant_resources gr JOIN as_resources r ON r.id = gr.resource_id AND r.owner_id = ? WHERE gr.grant_id = ?';
const ACCOUNTS_OF =
  'SELECT r.id, r.client_id, r.name, r.type, r.created_at, c.client_name, c.resource_server FROM as_resources r ' +
  'LEFT JOIN as_clients c ON c.client_id = r.client_id WHERE r.owner_id = ? ORDER BY r.created_at ASC';

/**
 * The resources (bank accounts) banks registered for their customers (UMA 2.0 FedAuthz §3): the only code
 * touching as_resources. Every query is one owner's, and a bank's calls also name the bank. Reads of the
 * accounts a grant shares join as_grant_resources (written by GrantsRepository) and the banks' as_clients.
 */
@Injectable()
export class ResourcesRepository {
  private readonly ofBankById: FixedFind<ResourceEntity>;

  constructor(@InjectRepository(ResourceEntity) private readonly rows: Repository<ResourceEntity>) {
    this.ofBankById = new FixedFind(rows, ['id', 'ownerId', 'clientId']);
  }

  /** UMA FedAuthz §3.2.1: a new registration. */
  async register(resource: ResourceEntity): Promise<void> {
    await this.rows.insert(resource);
  }

  /** UMA FedAuthz §3.2.5: the ids the bank registered for this person, oldest first. */
  async idsRegisteredBy(ownerId: string, clientId: string): Promise<string[]> {
    const found = await this.rows.find({ where: { ownerId, clientId }, select: { id: true }, order: { createdAt: 'ASC' } });
    return found.map((r) => r.id);
  }

  /** One resource of this person registered by this bank, or null (another bank's is "not found"). */
  registeredBy(ownerId: string, clientId: string, id: string): Promise<ResourceEntity | null> {
    return this.ofBankById.one(id, ownerId, clientId);
  }

  /** One of the person's resources, whichever bank registered it. */
  ofOwner(ownerId: string, id: string): Promise<ResourceEntity | null> {
    return this.rows.findOneBy({ id, ownerId });
  }

  /** UMA FedAuthz §3.2.3: the bank replaces its description of the resource. */
  async update(ownerId: string, clientId: string, id: string, fields: ResourceFields): Promise<void> {
    await this.rows.update({ id, ownerId, clientId }, fields);
  }

  /** The person's accounts with their banks, oldest first: one join. */
  async accountsOf(ownerId: string): Promise<OwnedAccount[]> {
    const { rows } = await execSql<Record<string, unknown>>(this.rows.manager, ACCOUNTS_OF, [ownerId]);
    return rows.map((r) => ({
      id: r.id as string,
      clientId: r.client_id as string,
      name: r.name as string,
      type: (r.type as string | null) ?? null,
      createdAt: Number(r.created_at),
      bankName: (r.client_name as string | null) ?? null,
      bankResource: (r.resource_server as string | null) ?? null,
    }));
  }

  /**
   * The accounts a grant of `ownerId` shares that are still registered, with their banks, oldest first: the
   * whole of Intro's reading in one join (one prepared statement).
   */
  async sharedIn(ownerId: string, grantId: string): Promise<SharedAccount[]> {
    const { rows } = await execSql<Record<string, unknown>>(this.rows.manager, SHARED_IN, [ownerId, grantId]);
    return rows.map((r) => ({
      id: r.id as string,
      clientId: r.client_id as string,
      resourceScopes: JSON.parse(r.resource_scopes as string) as string[],
      name: r.name as string,
      endpoint: r.endpoint as string,
      bankName: r.client_name as string,
      bankResource: (r.resource_server as string | null) ?? null,
    }));
  }

  /** RFC 7662 for a bank: whether the grant of `ownerId` shares this resource and this bank registered it. */
  async isShared(ownerId: string, grantId: string, resourceId: string, bankClientId: string): Promise<boolean> {
    const { rows } = await execSql(this.rows.manager, IS_SHARED, [grantId, resourceId, ownerId, bankClientId]);
    return rows.length > 0;
  }

  /** The API endpoints of the accounts a grant of `ownerId` shares that are still registered. */
  async endpointsSharedIn(ownerId: string, grantId: string): Promise<string[]> {
    const { rows } = await execSql<{ endpoint: string }>(this.rows.manager, ENDPOINTS_IN, [ownerId, grantId]);
    return rows.map((r) => r.endpoint);
  }

  /** These resources of `ownerId` that are still registered, each with the bank (client id) that registered it, in the caller's transaction. */
  async banksOf(tx: Tx, ownerId: string, ids: string[]): Promise<{ id: string; clientId: string }[]> {
    if (!ids.length) return [];
    return tx.find(ResourceEntity, { where: { id: In(ids), ownerId }, select: { id: true, clientId: true } });
  }

  /**
   * Deletes the owner's resource (the bank's, when `owner.clientId` is given) and, in the same transaction,
   * runs `inside` (the security event for its bank). 0 if there was nothing to delete, else 1 + what
   * `inside` returned.
   */
  remove(owner: ResourceOwner, id: string, inside: (tx: Tx) => Promise<number>): Promise<number> {
    return inTransaction(this.rows.manager.connection, async (tx) => {
      const res = await tx.delete(ResourceEntity, { id, ownerId: owner.ownerId, ...(owner.clientId === undefined ? {} : { clientId: owner.clientId }) });
      return res.affected ? 1 + (await inside(tx)) : 0;
    });
  }
}

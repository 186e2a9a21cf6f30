import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { LessThanOrEqual, Repository } from 'typeorm';
import { FixedFind } from '../../database/fixed-find.js';
import { execSql, inTransaction } from '../../database/sql.js';
import { GrantEntity } from '../entities/grant.entity.js';
import { GrantResourceEntity } from '../entities/grant-resource.entity.js';
import type { Tx } from './transactions.js';

/** A grant that has just ended, with the banks (client ids) that registered the accounts it shared. */
export interface EndedGrant {
  id: string;
  userId: string;
  clientId: string;
  bankClientIds: string[];
}

/** A grant with the ids of the resources (accounts) it shares. */
export type SharingGrant = GrantEntity & { resourceIds: string[] };

/** What Grant Management §5.2 (merge, replace) changes in a grant. */
export type GrantContents = Pick<GrantEntity, 'scope' | 'authorizationDetails' | 'historyMonths' | 'duration' | 'expiresAt'> & { resourceIds: string[] };

// Fixed statement texts with bound parameters (one prepared statement each; see src/database/sql.ts).
const TOUCH = 'UPDATE as_grants SET last_used_at = ? WHERE id = ?';
const REVOKE = "UPDATE as_grants SET status = 'REVOKED', revoked_at = ? WHERE id = ? AND status = 'ACTIVE' RETURNING user_id, client_id";
const EXPIRE = "UPDATE as_grants SET status = 'EXPIRED' WHERE id = ? AND status = 'ACTIVE' AND expires_at <= ? RETURNING user_id, client_id";
/** The one write to as_tokens here: a grant's tokens end in the transaction that ends the grant. */
const REVOKE_TOKENS = 'UPDATE as_tokens SET revoked_at = ? WHERE grant_id = ? AND revoked_at IS NULL';
const BANKS_OF =
  'SELECT DISTINCT r.client_id FROM as_grant_resources gr JOIN as_resources r ON r.id = gr.resource_id WHERE gr.grant_id = ? AND r.owner_id = ?';
const SHARES_OF = 'SELECT resource_id FROM as_grant_resources WHERE grant_id = ?';
const UNSHARE_ALL = 'DELETE FROM as_grant_resources WHERE grant_id = ?';
const SHARED_BY_USER = 'SELECT gr.grant_id, gr.resource_id FROM as_grant_resources gr JOIN as_grants g ON g.id = gr.grant_id WHERE g.user_id = ?';
const SHARED_IN = 'SELECT gr.resource_id FROM as_grant_resources gr JOIN as_grants g ON g.id = gr.grant_id WHERE g.user_id = ? AND g.id = ?';

/**
 * The grants (one person's consent to one client) and the resources each shares: the only code touching
 * as_grants and as_grant_resources. Reads name the grant's person, or the grant id a token of it carries.
 */
@Injectable()
export class GrantsRepository {
  /** The hot lookup of every bearer request, refresh and introspection: one prepared statement. */
  private readonly activeById: FixedFind<GrantEntity>;
  private readonly activeHeld: FixedFind<GrantEntity>;

  constructor(@InjectRepository(GrantEntity) private readonly rows: Repository<GrantEntity>) {
    this.activeById = new FixedFind(rows, ['id'], { fixed: { status: 'ACTIVE' } });
    this.activeHeld = new FixedFind(rows, ['id', 'clientId', 'userId'], { fixed: { status: 'ACTIVE' } });
  }

  /** A new grant and the resources it shares, together or not at all. */
  insert(grant: GrantEntity, resourceIds: string[]): Promise<void> {
    return inTransaction(this.rows.manager.connection, async (tx) => {
      await tx.insert(GrantEntity, grant);
      await this.share(tx, grant.id, resourceIds);
    });
  }

  /**
   * Grant Management §5.2: the ACTIVE grant of this client and person, with what it shares, locked for the
   * caller's transaction on PostgreSQL (SQLite runs one writer at a time).
   */
  async lockActiveHeld(tx: Tx, id: string, clientId: string, userId: string): Promise<SharingGrant | null> {
    const lock = tx.connection.options.type === 'postgres' ? { lock: { mode: 'pessimistic_write' as const } } : {};
    const grant = await tx.findOne(GrantEntity, { where: { id, clientId, userId, status: 'ACTIVE' }, ...lock });
    if (!grant) return null;
    const { rows } = await execSql<{ resource_id: string }>(tx, SHARES_OF, [id]);
    return Object.assign(grant, { resourceIds: rows.map((r) => r.resource_id) });
  }

  /** Grant Management §5.2 merge or replace, in the caller's transaction: the grant and what it shares become `contents`. */
  async setContents(tx: Tx, id: string, { resourceIds, ...columns }: GrantContents): Promise<void> {
    await tx.update(GrantEntity, { id, status: 'ACTIVE' }, columns);
    await execSql(tx, UNSHARE_ALL, [id]);
    await this.share(tx, id, resourceIds);
  }

  private async share(tx: Tx, grantId: string, resourceIds: string[]): Promise<void> {
    const rows = [...new Set(resourceIds)].map((resourceId) => ({ grantId, resourceId }));
    for (let i = 0; i < rows.length; i += 100) await tx.insert(GrantResourceEntity, rows.slice(i, i + 100));
  }

  /** The ACTIVE grant a token names (its expiry is the caller's to check). */
  active(id: string): Promise<GrantEntity | null> {
    return this.activeById.one(id);
  }

  /** The ACTIVE grant, only if this client holds it for this person. */
  activeHeldBy(id: string, clientId: string, userId: string): Promise<GrantEntity | null> {
    return this.activeHeld.one(id, clientId, userId);
  }

  /** One of the person's grants, whatever its status. */
  ofUser(userId: string, id: string): Promise<GrantEntity | null> {
    return this.rows.findOneBy({ id, userId });
  }

  /** The person's grants, newest first. */
  allOfUser(userId: string): Promise<GrantEntity[]> {
    return this.rows.find({ where: { userId }, order: { createdAt: 'DESC' } });
  }

  /** The ids of the resources each of the person's grants shares, by grant id (one join). */
  async sharedByUser(userId: string): Promise<Map<string, string[]>> {
    const { rows } = await execSql<{ grant_id: string; resource_id: string }>(this.rows.manager, SHARED_BY_USER, [userId]);
    const out = new Map<string, string[]>();
    for (const r of rows) out.set(r.grant_id, [...(out.get(r.grant_id) ?? []), r.resource_id]);
    return out;
  }

  /** The ids of the resources one of the person's grants shares. */
  async sharedIn(userId: string, grantId: string): Promise<string[]> {
    const { rows } = await execSql<{ resource_id: string }>(this.rows.manager, SHARED_IN, [userId, grantId]);
    return rows.map((r) => r.resource_id);
  }

  async touch(id: string, now: number, tx?: Tx): Promise<void> {
    await execSql(tx ?? this.rows.manager, TOUCH, [now, id]);
  }

  /** Grants past their expiry still marked ACTIVE (the expiry sweep's question). */
  async overdue(now: number, limit: number): Promise<string[]> {
    const found = await this.rows.find({ where: { status: 'ACTIVE', expiresAt: LessThanOrEqual(now) }, select: { id: true }, take: limit });
    return found.map((g) => g.id);
  }

  /**
   * Marks the grant EXPIRED if it is ACTIVE and past its expiry, and in the same transaction runs `inside`
   * (the security events). Null if it was not (another instance marked it first).
   */
  expire<T>(id: string, now: number, inside: (tx: Tx, ended: EndedGrant) => Promise<T>): Promise<T | null> {
    return this.endWith(EXPIRE, [id, now], id, null, inside);
  }

  /**
   * Revokes the grant if it is ACTIVE and, in the same transaction, every token minted from it — this
   * repository's one write to as_tokens, so that a grant never ends without its tokens — then runs `inside`
   * (the security events). Its tokens are revoked even when the grant had already ended. Null if it was
   * not ACTIVE.
   */
  revokeWithTokens<T>(id: string, now: number, inside: (tx: Tx, ended: EndedGrant) => Promise<T>): Promise<T | null> {
    return this.endWith(REVOKE, [now, id], id, now, inside);
  }

  private endWith<T>(update: string, params: unknown[], id: string, tokensAt: number | null, inside: (tx: Tx, ended: EndedGrant) => Promise<T>): Promise<T | null> {
    return inTransaction(this.rows.manager.connection, async (tx) => {
      const { rows } = await execSql<{ user_id: string; client_id: string }>(tx, update, params);
      if (tokensAt !== null) await execSql(tx, REVOKE_TOKENS, [tokensAt, id]);
      if (rows.length !== 1) return null;
      const [{ user_id: userId, client_id: clientId }] = rows;
      const banks = await execSql<{ client_id: string }>(tx, BANKS_OF, [id, userId]);
      return inside(tx, { id, userId, clientId, bankClientIds: banks.rows.map((b) => b.client_id) });
    });
  }
}

import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { AccountInformationDetail } from '../core/authorization-details.js';
import { CreatedAtColumn, EpochMsColumn } from '../../database/columns.js';

export type GrantStatus = 'ACTIVE' | 'REVOKED' | 'EXPIRED';

/** How long the person allowed access: once (one hour, no refresh), 30 or 90 days, or until revoked. */
export type GrantDuration = 'once' | '30d' | '90d' | 'until_revoked';

/**
 * What one person allowed one client: scopes and, for account scopes, which registered resources (those
 * are rows of as_grant_resources, GrantResourceEntity).
 */
@Entity('as_grants')
@Index(['userId', 'clientId'])
export class GrantEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  id: string;

  @Column({ name: 'client_id', type: 'varchar', length: 64 })
  clientId: string;

  @Column({ name: 'user_id', type: 'varchar', length: 64 })
  userId: string;

  @Column({ type: 'varchar', length: 512 })
  scope: string;

  @Column({ type: 'varchar', length: 16, default: 'ACTIVE' })
  status: GrantStatus;

  /** RFC 9396 §7: the authorization_details granted (null: a scope-only request). */
  @Column({ name: 'authorization_details', type: 'simple-json', nullable: true })
  authorizationDetails: AccountInformationDetail[] | null;

  /** How many months of transaction history the client may read (null: not a data grant). */
  @Column({ name: 'history_months', type: 'integer', nullable: true })
  historyMonths: number | null;

  @Column({ type: 'varchar', length: 16, default: 'until_revoked' })
  duration: GrantDuration;

  /** When access ends by itself (ms since epoch); null: until revoked. */
  @EpochMsColumn({ name: 'expires_at', nullable: true })
  expiresAt: number | null;

  @EpochMsColumn({ name: 'last_used_at', nullable: true })
  lastUsedAt: number | null;

  @EpochMsColumn({ name: 'revoked_at', nullable: true })
  revokedAt: number | null;

  @CreatedAtColumn()
  createdAt: number;
}

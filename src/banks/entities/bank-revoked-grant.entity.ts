import { Entity, Index, PrimaryColumn } from 'typeorm';
import { EpochMsColumn } from '../../database/columns.js';

/**
 * A grant whose end an AS pushed to this bank (SSF session-revoked): kept so that every instance of the
 * bank, and one restarted, refuses its tokens too, not only the instance that received the push.
 */
@Entity('bank_revoked_grants')
@Index('IDX_BANK_REVOKED_GRANTS_AT', ['revokedAt'])
export class BankRevokedGrantEntity {
  @PrimaryColumn({ name: 'bank_id', type: 'varchar', length: 32 })
  bankId: string;

  @PrimaryColumn({ type: 'varchar', length: 512 })
  issuer: string;

  @PrimaryColumn({ name: 'grant_id', type: 'varchar', length: 64 })
  grantId: string;

  /** When the push arrived (ms). */
  @EpochMsColumn({ name: 'revoked_at' })
  revokedAt: number;
}

import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { CreatedAtColumn, EpochMsColumn } from '../../database/columns.js';

/**
 * A signed SET waiting to be pushed (RFC 8935): written in the same transaction as the change it reports
 * (a grant ended, an account removed), so no revocation is lost to a crash between the two; deleted once
 * the receiver answered 202 (or 400: a SET it will never take, RFC 8935 §2.3).
 */
@Entity('as_ssf_outbox')
@Index('IDX_SSF_OUTBOX_NEXT', ['nextAttemptAt'])
export class SsfOutboxEntity {
  /** The SET's jti. */
  @PrimaryColumn({ type: 'varchar', length: 64 })
  id: string;

  @Column({ name: 'stream_id', type: 'varchar', length: 64 })
  streamId: string;

  @Column({ name: 'event_type', type: 'varchar', length: 256 })
  eventType: string;

  /** The compact JWS, as pushed. */
  @Column({ type: 'text' })
  jwt: string;

  @Column({ type: 'integer', default: 0 })
  attempts: number;

  /** When the next push may start (ms); a dispatcher that claims the row moves it forward by its lease. */
  @EpochMsColumn({ name: 'next_attempt_at' })
  nextAttemptAt: number;

  @Column({ name: 'last_error', type: 'varchar', length: 512, nullable: true })
  lastError: string | null;

  @CreatedAtColumn()
  createdAt: number;
}

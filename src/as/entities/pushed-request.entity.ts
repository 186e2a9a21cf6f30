import { Column, Entity, PrimaryColumn } from 'typeorm';
import { EpochMsColumn } from '../../database/columns.js';

/** RFC 9126 §2.2: a pushed authorization request, known by the SHA-256 of its request_uri. */
@Entity('as_pushed_requests')
export class PushedRequestEntity {
  @PrimaryColumn({ name: 'request_uri_hash', type: 'varchar', length: 64 })
  requestUriHash: string;

  /** §2.2: the request_uri is bound to the client that pushed it. */
  @Column({ name: 'client_id', type: 'varchar', length: 64 })
  clientId: string;

  /** The validated authorization parameters, as pushed (and dpop_jkt, from the parameter or the proof). */
  @Column({ type: 'simple-json' })
  params: Record<string, string>;

  @EpochMsColumn({ name: 'expires_at' })
  expiresAt: number;

  /** Set, atomically, by the one authorization request that uses it (§4: one-time use). */
  @EpochMsColumn({ name: 'consumed_at', nullable: true })
  consumedAt: number | null;
}

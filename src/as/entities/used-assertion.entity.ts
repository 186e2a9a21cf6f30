import { Entity, PrimaryColumn } from 'typeorm';
import { EpochMsColumn } from '../../database/columns.js';

/** RFC 7523 §3 (7), OIDC Core §9: a client assertion's jti, used once, remembered until the assertion expires. */
@Entity('as_used_assertions')
export class UsedAssertionEntity {
  /** SHA-256 of "client_id jti". */
  @PrimaryColumn({ name: 'jti_hash', type: 'varchar', length: 64 })
  jtiHash: string;

  @EpochMsColumn({ name: 'expires_at' })
  expiresAt: number;
}

import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { EpochMsColumn } from '../../database/columns.js';

/** Browser sessions of every party; each row belongs to one realm (one party), and a party reads only its own. */
@Entity('web_sessions')
export class WebSessionEntity {
  /** SHA-256 of the session id in the cookie. */
  @PrimaryColumn({ name: 'id_hash', type: 'varchar', length: 64 })
  idHash: string;

  @Index()
  @Column({ type: 'varchar', length: 64 })
  realm: string;

  @Column({ type: 'text' })
  data: string;

  @EpochMsColumn({ name: 'expires_at' })
  expiresAt: number;
}

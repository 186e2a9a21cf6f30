import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

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

  @Column({ name: 'expires_at', type: 'integer' })
  expiresAt: number;
}

import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { CreatedAtColumn, EpochMsColumn } from '../../database/columns.js';

/** A person's connection from Grapher to their AS: the tokens Grapher holds (sealed) and where Intro is. */
@Entity('grapher_connections')
export class GrapherConnectionEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  id: string;

  @Column({ type: 'varchar', length: 512 })
  issuer: string;

  @Column({ name: 'access_token_sealed', type: 'varchar', length: 2048 })
  accessTokenSealed: string;

  @Column({ name: 'refresh_token_sealed', type: 'varchar', length: 2048, nullable: true })
  refreshTokenSealed: string | null;

  @EpochMsColumn({ name: 'access_expires_at' })
  accessExpiresAt: number;

  @Column({ name: 'intro_endpoint', type: 'varchar', length: 2048 })
  introEndpoint: string;

  @Column({ type: 'varchar', length: 512 })
  scope: string;

  /** `Bearer`, or `DPoP` when the AS bound the tokens to Grapher's DPoP key for that AS (RFC 9449 §5). */
  @Column({ name: 'token_type', type: 'varchar', length: 16, default: 'Bearer' })
  tokenType: string;

  /** SHA-256 of the key in this browser's "remember me" cookie, so the person can come back later. */
  @Index('IDX_grapher_connections_browser_key_hash', { unique: true })
  @Column({ name: 'browser_key_hash', type: 'varchar', length: 64, nullable: true })
  browserKeyHash: string | null;

  /** When Grapher last used the refresh token (ms since epoch). */
  @EpochMsColumn({ name: 'refreshed_at', nullable: true })
  refreshedAt: number | null;

  @CreatedAtColumn()
  createdAt: number;
}

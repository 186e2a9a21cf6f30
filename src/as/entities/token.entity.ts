import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { EpochMsColumn } from '../../database/columns.js';

export type TokenKind = 'access' | 'refresh';

/** Opaque tokens the AS issued (access tokens for Intro and the protection API, refresh tokens). */
@Entity('as_tokens')
export class TokenEntity {
  /** SHA-256 of the token. */
  @PrimaryColumn({ name: 'token_hash', type: 'varchar', length: 64 })
  tokenHash: string;

  @Column({ type: 'varchar', length: 16 })
  kind: TokenKind;

  @Index()
  @Column({ name: 'grant_id', type: 'varchar', length: 64 })
  grantId: string;

  @Column({ name: 'client_id', type: 'varchar', length: 64 })
  clientId: string;

  @Column({ name: 'user_id', type: 'varchar', length: 64 })
  userId: string;

  @Column({ type: 'varchar', length: 512 })
  scope: string;

  /** RFC 9449 §6: the thumbprint of the DPoP key this token is bound to (null: a bearer token). */
  @Column({ type: 'varchar', length: 64, nullable: true })
  jkt: string | null;

  @EpochMsColumn({ name: 'expires_at' })
  expiresAt: number;

  @EpochMsColumn({ name: 'revoked_at', nullable: true })
  revokedAt: number | null;

  @EpochMsColumn({ name: 'created_at' })
  createdAt: number;
}

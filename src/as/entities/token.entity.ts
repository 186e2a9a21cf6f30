import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

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

  @Column({ name: 'expires_at', type: 'integer' })
  expiresAt: number;

  @Column({ name: 'revoked_at', type: 'integer', nullable: true })
  revokedAt: number | null;

  @Column({ name: 'created_at', type: 'integer' })
  createdAt: number;
}

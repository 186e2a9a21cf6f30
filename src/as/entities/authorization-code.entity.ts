import { Column, Entity, PrimaryColumn } from 'typeorm';
import { EpochMsColumn } from '../../database/columns.js';
import type { GrantChange } from '../grant-management/grant-management-action.js';

@Entity('as_authorization_codes')
export class AuthorizationCodeEntity {
  /** SHA-256 of the code. */
  @PrimaryColumn({ name: 'code_hash', type: 'varchar', length: 64 })
  codeHash: string;

  @Column({ name: 'grant_id', type: 'varchar', length: 64 })
  grantId: string;

  @Column({ name: 'client_id', type: 'varchar', length: 64 })
  clientId: string;

  @Column({ name: 'redirect_uri', type: 'varchar', length: 2048 })
  redirectUri: string;

  @Column({ name: 'code_challenge', type: 'varchar', length: 128 })
  codeChallenge: string;

  @EpochMsColumn({ name: 'expires_at' })
  expiresAt: number;

  /** RFC 9449 §10: the thumbprint of the DPoP key the code is bound to (dpop_jkt, or the PAR's proof). */
  @Column({ name: 'dpop_jkt', type: 'varchar', length: 64, nullable: true })
  dpopJkt: string | null;

  /**
   * Grant Management §5.2: the merge or replace the person consented to, applied to the grant (grant_id)
   * when the code is redeemed. Null: the code's grant was created at consent (create).
   */
  @Column({ name: 'grant_change', type: 'simple-json', nullable: true })
  grantChange: GrantChange | null;

  /** Set, atomically, by the one redemption that succeeds. */
  @EpochMsColumn({ name: 'consumed_at', nullable: true })
  consumedAt: number | null;
}

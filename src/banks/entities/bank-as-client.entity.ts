import { Column, Entity, PrimaryColumn } from 'typeorm';
import { CreatedAtColumn } from '../../database/columns.js';

/** The bank's own client registration (RFC 7591) at an AS a customer chose. */
@Entity('bank_as_clients')
export class BankAsClientEntity {
  @PrimaryColumn({ name: 'bank_id', type: 'varchar', length: 32 })
  bankId: string;

  @PrimaryColumn({ type: 'varchar', length: 512 })
  issuer: string;

  @Column({ name: 'client_id', type: 'varchar', length: 128 })
  clientId: string;

  /** The bank must present this secret, so it keeps it (none with private_key_jwt). */
  @Column({ name: 'client_secret', type: 'varchar', length: 256, nullable: true })
  clientSecret: string | null;

  /** The bank's own private keys at this AS (private_key_jwt and DPoP; FAPI 2.0), as JWKs. */
  @Column({ name: 'client_keys', type: 'varchar', length: 4096, nullable: true })
  clientKeys: string | null;

  @CreatedAtColumn()
  createdAt: number;
}

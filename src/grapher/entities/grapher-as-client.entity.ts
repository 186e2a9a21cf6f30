import { Column, Entity, PrimaryColumn } from 'typeorm';
import { CreatedAtColumn } from '../../database/columns.js';

/** Grapher's registration (RFC 7591) at each AS a person pointed it to. */
@Entity('grapher_as_clients')
export class GrapherAsClientEntity {
  @PrimaryColumn({ type: 'varchar', length: 512 })
  issuer: string;

  @Column({ name: 'client_id', type: 'varchar', length: 128 })
  clientId: string;

  /** Grapher must present its secret, so it keeps it, sealed by TokenVault (none with private_key_jwt). */
  @Column({ name: 'client_secret_sealed', type: 'varchar', length: 512, nullable: true })
  clientSecretSealed: string | null;

  /** Grapher's own private keys at this AS (private_key_jwt and DPoP; FAPI 2.0), sealed by TokenVault. */
  @Column({ name: 'client_keys_sealed', type: 'varchar', length: 4096, nullable: true })
  clientKeysSealed: string | null;

  @CreatedAtColumn()
  createdAt: number;
}

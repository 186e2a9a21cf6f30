import { Column, Entity, PrimaryColumn } from 'typeorm';
import { CreatedAtColumn } from '../../database/columns.js';

/** Grapher's registration (RFC 7591) at each AS a person pointed it to. */
@Entity('grapher_as_clients')
export class GrapherAsClientEntity {
  @PrimaryColumn({ type: 'varchar', length: 512 })
  issuer: string;

  @Column({ name: 'client_id', type: 'varchar', length: 128 })
  clientId: string;

  /** Grapher must present its secret, so it keeps it, sealed by TokenVault. */
  @Column({ name: 'client_secret_sealed', type: 'varchar', length: 512 })
  clientSecretSealed: string;

  @CreatedAtColumn()
  createdAt: number;
}

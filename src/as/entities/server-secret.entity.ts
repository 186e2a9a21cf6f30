import { Column, Entity, PrimaryColumn } from 'typeorm';
import { CreatedAtColumn } from '../../database/columns.js';

/**
 * A key the AS uses itself and every instance must share (the HMAC key of its DPoP nonces, RFC 9449 §8):
 * drawn once by whichever instance needs it first. A MAC key must be usable, so it is kept as it is.
 */
@Entity('as_server_secrets')
export class ServerSecretEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  name: string;

  @Column({ type: 'varchar', length: 128 })
  secret: string;

  @CreatedAtColumn()
  createdAt: number;
}

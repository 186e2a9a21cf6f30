import { Column, Entity, PrimaryColumn } from 'typeorm';
import { CreatedAtColumn } from '../../database/columns.js';

/** The AS's signing keys; kept in the database so tokens stay verifiable across restarts. */
@Entity('as_signing_keys')
export class SigningKeyEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  kid: string;

  @Column({ type: 'varchar', length: 16 })
  alg: string;

  @Column({ name: 'private_pem', type: 'text' })
  privatePem: string;

  @CreatedAtColumn()
  createdAt: number;
}

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

  /** The bank must present this secret, so it keeps it (issue: encrypt client-side secrets at rest). */
  @Column({ name: 'client_secret', type: 'varchar', length: 256 })
  clientSecret: string;

  @CreatedAtColumn()
  createdAt: number;
}

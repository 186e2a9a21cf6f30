import { Column, Entity, PrimaryColumn } from 'typeorm';
import { CreatedAtColumn } from '../../database/columns.js';

/** One customer's delegation of one account to an AS: from now on only that AS's tokens open it. */
@Entity('bank_delegations')
export class BankDelegationEntity {
  @PrimaryColumn({ name: 'bank_id', type: 'varchar', length: 32 })
  bankId: string;

  @PrimaryColumn({ name: 'account_id', type: 'varchar', length: 64 })
  accountId: string;

  @Column({ name: 'customer_id', type: 'integer' })
  customerId: number;

  @Column({ type: 'varchar', length: 512 })
  issuer: string;

  /** The _id the AS gave the account at registration (UMA 2.0 FedAuthz §3.2.1). */
  @Column({ name: 'resource_id', type: 'varchar', length: 128 })
  resourceId: string;

  @CreatedAtColumn()
  createdAt: number;
}

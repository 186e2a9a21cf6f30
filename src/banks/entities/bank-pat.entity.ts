import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The refresh token of the PAT a customer granted this bank at an AS (UMA 2.0 FedAuthz §1.3): the bank
 * uses it to get a fresh PAT whenever it must manage that customer's registered resources.
 */
@Entity('bank_pats')
export class BankPatEntity {
  @PrimaryColumn({ name: 'bank_id', type: 'varchar', length: 32 })
  bankId: string;

  @PrimaryColumn({ name: 'customer_id', type: 'integer' })
  customerId: number;

  @PrimaryColumn({ type: 'varchar', length: 512 })
  issuer: string;

  @Column({ name: 'refresh_token', type: 'varchar', length: 512 })
  refreshToken: string;
}

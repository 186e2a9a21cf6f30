import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { MoneyColumn } from '../../database/columns.js';
import type { FdxAccountCategory, FdxAccountStatus, FdxAccountType } from '../../common/fdx/fdx.types.js';

@Entity('bank_accounts')
@Index(['bankId', 'customerId'])
export class BankAccountEntity {
  @PrimaryColumn({ name: 'bank_id', type: 'varchar', length: 32 })
  bankId: string;

  @PrimaryColumn({ name: 'account_id', type: 'varchar', length: 64 })
  accountId: string;

  @Column({ name: 'customer_id', type: 'integer' })
  customerId: number;

  @Column({ name: 'account_category', type: 'varchar', length: 32 })
  accountCategory: FdxAccountCategory;

  @Column({ name: 'account_type', type: 'varchar', length: 32 })
  accountType: FdxAccountType;

  @Column({ name: 'account_number_display', type: 'varchar', length: 16 })
  accountNumberDisplay: string;

  @Column({ name: 'product_name', type: 'varchar', length: 128 })
  productName: string;

  @Column({ type: 'varchar', length: 128, nullable: true })
  nickname: string | null;

  @Column({ type: 'varchar', length: 16 })
  status: FdxAccountStatus;

  @Column({ name: 'currency_code', type: 'varchar', length: 3 })
  currencyCode: string;

  /** Money held (deposit), market value (investment) or amount owed (card), as of balanceAsOf. */
  @MoneyColumn({ name: 'current_balance' })
  currentBalance: number;

  @MoneyColumn({ name: 'credit_line', nullable: true })
  creditLine: number | null;

  @Column({ name: 'balance_as_of', type: 'varchar', length: 32 })
  balanceAsOf: string;
}

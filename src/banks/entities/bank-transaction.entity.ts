import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { MoneyColumn } from '../../database/columns.js';
import type { FdxDebitCreditMemo, FdxTransactionStatus } from '../../common/fdx/fdx.types.js';

@Entity('bank_transactions')
@Index(['bankId', 'accountId', 'postedTimestamp'])
export class BankTransactionEntity {
  @PrimaryGeneratedColumn()
  seq: number;

  @Column({ name: 'bank_id', type: 'varchar', length: 32 })
  bankId: string;

  @Column({ name: 'account_id', type: 'varchar', length: 64 })
  accountId: string;

  @Column({ name: 'transaction_id', type: 'varchar', length: 64 })
  transactionId: string;

  @Column({ name: 'posted_timestamp', type: 'varchar', length: 32 })
  postedTimestamp: string;

  @Column({ name: 'transaction_timestamp', type: 'varchar', length: 32 })
  transactionTimestamp: string;

  @Column({ type: 'varchar', length: 256 })
  description: string;

  @MoneyColumn()
  amount: number;

  @Column({ name: 'debit_credit_memo', type: 'varchar', length: 8 })
  debitCreditMemo: FdxDebitCreditMemo;

  @Column({ type: 'varchar', length: 16 })
  status: FdxTransactionStatus;

  @Column({ name: 'transaction_type', type: 'varchar', length: 32, nullable: true })
  transactionType: string | null;
}

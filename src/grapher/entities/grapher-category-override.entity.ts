import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { CreatedAtColumn } from '../../database/columns.js';

/**
 * A category the person chose for one transaction, over the rules' guess. Owned by the person's
 * connection (forgotten with it, on Disconnect); the transaction is named by its account label and
 * the bank's transaction id.
 */
@Entity('grapher_category_overrides')
@Index('IDX_grapher_category_overrides_owner_tx', ['connectionId', 'account', 'transactionId'], { unique: true })
export class GrapherCategoryOverrideEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  id: string;

  @Column({ name: 'connection_id', type: 'varchar', length: 64 })
  connectionId: string;

  @Column({ type: 'varchar', length: 300 })
  account: string;

  @Column({ name: 'transaction_id', type: 'varchar', length: 256 })
  transactionId: string;

  @Column({ type: 'varchar', length: 100 })
  category: string;

  @CreatedAtColumn()
  createdAt: number;
}

import { Column, Entity, PrimaryGeneratedColumn, Unique } from 'typeorm';

@Entity('bank_customers')
@Unique(['bankId', 'username'])
export class BankCustomerEntity {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ name: 'bank_id', type: 'varchar', length: 32 })
  bankId: string;

  @Column({ type: 'varchar', length: 64 })
  username: string;

  @Column({ name: 'display_name', type: 'varchar', length: 128 })
  displayName: string;

  @Column({ name: 'password_hash', type: 'varchar', length: 256 })
  passwordHash: string;
}

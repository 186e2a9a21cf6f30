import { Column, Entity, PrimaryColumn } from 'typeorm';
import { CreatedAtColumn } from '../../database/columns.js';

/** A person who has an account at this AS (the resource owner). */
@Entity('as_users')
export class AsUserEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  id: string;

  @Column({ type: 'varchar', length: 64, unique: true })
  username: string;

  @Column({ name: 'display_name', type: 'varchar', length: 128 })
  displayName: string;

  @Column({ name: 'password_hash', type: 'varchar', length: 256 })
  passwordHash: string;

  @CreatedAtColumn()
  createdAt: number;
}

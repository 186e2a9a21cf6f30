import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

export type GrantStatus = 'ACTIVE' | 'REVOKED';

/** What one person allowed one client: scopes and, for account scopes, which registered resources. */
@Entity('as_grants')
@Index(['userId', 'clientId'])
export class GrantEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  id: string;

  @Column({ name: 'client_id', type: 'varchar', length: 64 })
  clientId: string;

  @Column({ name: 'user_id', type: 'varchar', length: 64 })
  userId: string;

  @Column({ type: 'varchar', length: 512 })
  scope: string;

  @Column({ name: 'resource_ids', type: 'simple-json' })
  resourceIds: string[];

  @Column({ type: 'varchar', length: 16, default: 'ACTIVE' })
  status: GrantStatus;

  @CreateDateColumn({ name: 'created_at' })
  createdAt: Date;
}

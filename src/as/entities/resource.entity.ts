import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { CreatedAtColumn, EpochMsColumn } from '../../database/columns.js';

/** A resource (one bank account) registered by a bank on its customer's behalf (UMA 2.0 FedAuthz §3). */
@Entity('as_resources')
@Index(['ownerId', 'clientId'])
export class ResourceEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  id: string;

  /** The person whose PAT registered it. */
  @Column({ name: 'owner_id', type: 'varchar', length: 64 })
  ownerId: string;

  /** The bank (resource server) that registered it. */
  @Column({ name: 'client_id', type: 'varchar', length: 64 })
  clientId: string;

  @Column({ name: 'resource_scopes', type: 'simple-json' })
  resourceScopes: string[];

  @Column({ type: 'varchar', length: 256 })
  name: string;

  @Column({ type: 'varchar', length: 256, nullable: true })
  type: string | null;

  @Column({ type: 'varchar', length: 1024, nullable: true })
  description: string | null;

  @Column({ name: 'icon_uri', type: 'varchar', length: 2048, nullable: true })
  iconUri: string | null;

  /** The account's API endpoint at the bank. */
  @Column({ type: 'varchar', length: 2048 })
  endpoint: string;

  @CreatedAtColumn()
  createdAt: number;

  @EpochMsColumn({ name: 'updated_at' })
  updatedAt: number;
}

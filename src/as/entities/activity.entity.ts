import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { EpochMsColumn } from '../../database/columns.js';

export type ActivityKind =
  | 'consent_given'
  | 'consent_denied'
  | 'tokens_issued'
  | 'tokens_refreshed'
  | 'intro_called'
  | 'bank_introspection'
  | 'grant_revoked'
  | 'resource_registered'
  | 'resource_removed';

/** What happened on a person's behalf, for the person to read on their dashboard. */
@Entity('as_activity')
@Index(['userId', 'at'])
export class ActivityEntity {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ name: 'user_id', type: 'varchar', length: 64 })
  userId: string;

  @EpochMsColumn()
  at: number;

  @Column({ type: 'varchar', length: 32 })
  kind: ActivityKind;

  /** The app (or bank, acting as a client) concerned, by name as it registered. */
  @Column({ name: 'client_name', type: 'varchar', length: 128, nullable: true })
  clientName: string | null;

  /** The bank concerned, when there is one. */
  @Column({ type: 'varchar', length: 128, nullable: true })
  bank: string | null;

  @Column({ type: 'varchar', length: 512 })
  detail: string;
}

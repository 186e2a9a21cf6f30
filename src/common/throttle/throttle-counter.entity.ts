import { Column, Entity, PrimaryColumn } from 'typeorm';
import { EpochMsColumn } from '../../database/columns.js';

/** Failed attempts counted against one key (a username, a client, an address), shared by every instance. */
@Entity('throttle_counters')
export class ThrottleCounterEntity {
  @PrimaryColumn({ type: 'varchar', length: 320 })
  subject: string;

  /** When the current window began: the first attempt counted in it (ms since epoch). */
  @EpochMsColumn({ name: 'window_start' })
  windowStart: number;

  @Column({ type: 'integer' })
  attempts: number;
}

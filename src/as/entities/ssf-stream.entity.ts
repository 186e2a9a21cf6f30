import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { CreatedAtColumn } from '../../database/columns.js';

/**
 * An SSF 1.0 stream (§8.1.1): one receiver — a bank registered here as a resource server — and where the AS
 * pushes its Security Event Tokens (RFC 8935). One stream per receiver client.
 */
@Entity('as_ssf_streams')
export class SsfStreamEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  id: string;

  /** The receiver: the bank's client at this AS (the PAT's client that created the stream). */
  @Index('IDX_SSF_STREAM_CLIENT', { unique: true })
  @Column({ name: 'client_id', type: 'varchar', length: 64 })
  clientId: string;

  /** The SETs' aud: the bank's resource identifier (its registered resource_server). */
  @Column({ type: 'varchar', length: 512 })
  audience: string;

  /** RFC 8935 push endpoint, under the bank's resource_server. */
  @Column({ name: 'endpoint_url', type: 'varchar', length: 2048 })
  endpointUrl: string;

  @Column({ name: 'events_requested', type: 'simple-json' })
  eventsRequested: string[];

  @Column({ type: 'varchar', length: 256, nullable: true })
  description: string | null;

  @CreatedAtColumn()
  createdAt: number;
}

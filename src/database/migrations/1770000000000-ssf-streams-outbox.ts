import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';

/**
 * Shared Signals (issue 13): the AS's SSF streams (one per bank receiver) and the durable outbox of signed
 * SETs waiting to be pushed (RFC 8935). Table API only: SQLite and PostgreSQL alike; index names are the
 * ones TypeORM derives from the entities.
 */
export class SsfStreamsOutbox1770000000000 implements MigrationInterface {
  name = 'SsfStreamsOutbox1770000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'as_ssf_streams',
        columns: [
          { name: 'id', type: 'varchar', length: '64', isPrimary: true },
          { name: 'client_id', type: 'varchar', length: '64' },
          { name: 'audience', type: 'varchar', length: '512' },
          { name: 'endpoint_url', type: 'varchar', length: '2048' },
          { name: 'events_requested', type: 'text' },
          { name: 'description', type: 'varchar', length: '256', isNullable: true },
          { name: 'created_at', type: 'bigint' },
        ],
        indices: [new TableIndex({ name: 'IDX_SSF_STREAM_CLIENT', columnNames: ['client_id'], isUnique: true })],
      }),
    );
    await q.createTable(
      new Table({
        name: 'as_ssf_outbox',
        columns: [
          { name: 'id', type: 'varchar', length: '64', isPrimary: true },
          { name: 'stream_id', type: 'varchar', length: '64' },
          { name: 'event_type', type: 'varchar', length: '256' },
          { name: 'jwt', type: 'text' },
          { name: 'attempts', type: 'integer', default: 0 },
          { name: 'next_attempt_at', type: 'bigint' },
          { name: 'last_error', type: 'varchar', length: '512', isNullable: true },
          { name: 'created_at', type: 'bigint' },
        ],
        indices: [new TableIndex({ name: 'IDX_SSF_OUTBOX_NEXT', columnNames: ['next_attempt_at'] })],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('as_ssf_outbox');
    await q.dropTable('as_ssf_streams');
  }
}

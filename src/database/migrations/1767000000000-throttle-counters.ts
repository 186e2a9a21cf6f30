import { MigrationInterface, QueryRunner, Table } from 'typeorm';

/** Failure-throttle counters in the store, so every instance counts against the same limit. */
export class ThrottleCounters1767000000000 implements MigrationInterface {
  name = 'ThrottleCounters1767000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'throttle_counters',
        columns: [
          { name: 'subject', type: 'varchar', length: '320', isPrimary: true },
          { name: 'window_start', type: 'bigint' },
          { name: 'attempts', type: 'integer' },
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('throttle_counters');
  }
}

import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * PostgreSQL: the failure-throttle counters become an UNLOGGED table. They are written on every sign-in and
 * every client authentication (the attempt counted, then taken back: three commits), and on a logged table each
 * of those commits waits for a WAL flush; a transaction that writes only unlogged tables commits without one.
 * What that gives up: a crash empties the table, and a replica does not have it, so a crash or a failover starts
 * the counts afresh, as a restart does on SQLite; nothing else is lost. SQLite: nothing to do.
 */
export class ThrottleCountersUnlogged1769600000000 implements MigrationInterface {
  name = 'ThrottleCountersUnlogged1769600000000';

  async up(q: QueryRunner): Promise<void> {
    if (q.connection.options.type === 'postgres') await q.query('ALTER TABLE throttle_counters SET UNLOGGED');
  }

  async down(q: QueryRunner): Promise<void> {
    if (q.connection.options.type === 'postgres') await q.query('ALTER TABLE throttle_counters SET LOGGED');
  }
}

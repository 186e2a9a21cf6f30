import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';

/** Grapher: the categories a person corrected by hand (issue 16). Table API only: SQLite and PostgreSQL alike. */
export class GrapherCategoryOverrides1766000000000 implements MigrationInterface {
  name = 'GrapherCategoryOverrides1766000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'grapher_category_overrides',
        columns: [
          { name: 'id', type: 'varchar', length: '64', isPrimary: true },
          { name: 'connection_id', type: 'varchar', length: '64' },
          { name: 'account', type: 'varchar', length: '300' },
          { name: 'transaction_id', type: 'varchar', length: '256' },
          { name: 'category', type: 'varchar', length: '100' },
          { name: 'created_at', type: 'bigint' },
        ],
        indices: [new TableIndex({ name: 'IDX_grapher_category_overrides_owner_tx', columnNames: ['connection_id', 'account', 'transaction_id'], isUnique: true })],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('grapher_category_overrides');
  }
}

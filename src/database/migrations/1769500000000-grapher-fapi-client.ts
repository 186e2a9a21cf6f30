import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';

/**
 * Grapher as a FAPI 2.0 client (issue 12): at an AS that offers it, Grapher registers with its own keys
 * (private_key_jwt and DPoP) instead of a secret, and its tokens are DPoP-bound. Table API only: SQLite and
 * PostgreSQL alike (SQLite's column change rebuilds the table, keeping its rows).
 */
export class GrapherFapiClient1769500000000 implements MigrationInterface {
  name = 'GrapherFapiClient1769500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.changeColumn('grapher_as_clients', 'client_secret_sealed', new TableColumn({ name: 'client_secret_sealed', type: 'varchar', length: '512', isNullable: true }));
    await q.addColumn('grapher_as_clients', new TableColumn({ name: 'client_keys_sealed', type: 'varchar', length: '4096', isNullable: true }));
    await q.addColumn('grapher_connections', new TableColumn({ name: 'token_type', type: 'varchar', length: '16', default: "'Bearer'" }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn('grapher_connections', 'token_type');
    await q.dropColumn('grapher_as_clients', 'client_keys_sealed');
    await q.query('DELETE FROM grapher_as_clients WHERE client_secret_sealed IS NULL');
    await q.changeColumn('grapher_as_clients', 'client_secret_sealed', new TableColumn({ name: 'client_secret_sealed', type: 'varchar', length: '512' }));
  }
}

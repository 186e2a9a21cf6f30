import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';

/**
 * The banks as FAPI 2.0 clients of the AS (issue 12): at an AS that offers it, a bank registers with its own
 * keys (private_key_jwt and DPoP) instead of a secret. Table API only: SQLite and PostgreSQL alike.
 */
export class BankFapiClient1770300000000 implements MigrationInterface {
  name = 'BankFapiClient1770300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.changeColumn('bank_as_clients', 'client_secret', new TableColumn({ name: 'client_secret', type: 'varchar', length: '256', isNullable: true }));
    await q.addColumn('bank_as_clients', new TableColumn({ name: 'client_keys', type: 'varchar', length: '4096', isNullable: true }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn('bank_as_clients', 'client_keys');
    await q.query('DELETE FROM bank_as_clients WHERE client_secret IS NULL');
    await q.changeColumn('bank_as_clients', 'client_secret', new TableColumn({ name: 'client_secret', type: 'varchar', length: '256' }));
  }
}

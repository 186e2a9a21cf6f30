import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';

/** The grants an AS pushed as revoked to a bank (SSF), shared by the bank's instances. SQLite and PostgreSQL alike. */
export class BankRevokedGrants1770400000000 implements MigrationInterface {
  name = 'BankRevokedGrants1770400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'bank_revoked_grants',
        columns: [
          { name: 'bank_id', type: 'varchar', length: '32', isPrimary: true },
          { name: 'issuer', type: 'varchar', length: '512', isPrimary: true },
          { name: 'grant_id', type: 'varchar', length: '64', isPrimary: true },
          { name: 'revoked_at', type: 'bigint' },
        ],
        indices: [new TableIndex({ name: 'IDX_BANK_REVOKED_GRANTS_AT', columnNames: ['revoked_at'] })],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('bank_revoked_grants');
  }
}

import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';

/** Grant Management §5.2: a code may carry the merge or replace its grant gets when redeemed. SQLite and PostgreSQL alike. */
export class GrantManagementActions1770550000000 implements MigrationInterface {
  name = 'GrantManagementActions1770550000000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumn('as_authorization_codes', new TableColumn({ name: 'grant_change', type: 'text', isNullable: true }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn('as_authorization_codes', 'grant_change');
  }
}

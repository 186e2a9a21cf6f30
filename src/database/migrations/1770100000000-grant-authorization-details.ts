import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';

/** RFC 9396: the authorization_details a grant holds (granted, with the chosen banks as locations). */
export class GrantAuthorizationDetails1770100000000 implements MigrationInterface {
  name = 'GrantAuthorizationDetails1770100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumn('as_grants', new TableColumn({ name: 'authorization_details', type: 'text', isNullable: true }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn('as_grants', 'authorization_details');
  }
}

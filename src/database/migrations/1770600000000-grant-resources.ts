import { MigrationInterface, QueryRunner, Table, TableColumn, TableIndex } from 'typeorm';

/** Each dialect reads the JSON array of as_grants.resource_ids (simple-json: '["id", …]') with its own functions. */
const COPY_IN = {
  sqlite:
    'INSERT INTO as_grant_resources (grant_id, resource_id) SELECT DISTINCT g.id, j.value FROM as_grants g, ' +
    "json_each(CASE WHEN json_valid(g.resource_ids) AND json_type(g.resource_ids) = 'array' THEN g.resource_ids ELSE '[]' END) j WHERE j.type = 'text'",
  postgres:
    'INSERT INTO as_grant_resources (grant_id, resource_id) SELECT DISTINCT g.id, j.value FROM as_grants g ' +
    "CROSS JOIN LATERAL json_array_elements_text(CASE WHEN json_typeof(g.resource_ids::json) = 'array' THEN g.resource_ids::json ELSE '[]'::json END) AS j(value)",
};
const COPY_OUT = {
  sqlite: "UPDATE as_grants SET resource_ids = COALESCE((SELECT json_group_array(resource_id) FROM as_grant_resources WHERE grant_id = as_grants.id), '[]')",
  postgres: "UPDATE as_grants SET resource_ids = COALESCE((SELECT json_agg(resource_id)::text FROM as_grant_resources WHERE grant_id = as_grants.id), '[]')",
};
const dialect = (q: QueryRunner) => (q.connection.options.type === 'postgres' ? 'postgres' : 'sqlite');

/**
 * The resources a grant shares become rows of a join table (grant_id, resource_id) instead of a JSON
 * array in as_grants.resource_ids: "the grants that share resource X" is an index lookup, and Intro reads a
 * grant's accounts and their banks in one join. Existing grants are copied over, on SQLite and PostgreSQL.
 */
export class GrantResources1770600000000 implements MigrationInterface {
  name = 'GrantResources1770600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'as_grant_resources',
        columns: [
          { name: 'grant_id', type: 'varchar', length: '64', isPrimary: true },
          { name: 'resource_id', type: 'varchar', length: '64', isPrimary: true },
        ],
        indices: [new TableIndex({ name: 'IDX_as_grant_resources_resource_id', columnNames: ['resource_id'] })],
      }),
    );
    await q.query(COPY_IN[dialect(q)]);
    await q.dropColumn('as_grants', 'resource_ids');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.addColumn('as_grants', new TableColumn({ name: 'resource_ids', type: 'text', default: "'[]'" }));
    await q.query(COPY_OUT[dialect(q)]);
    await q.dropTable('as_grant_resources');
  }
}

import { MigrationInterface, QueryRunner, Table, TableColumn, TableColumnOptions } from 'typeorm';

const nullableText = (name: string, length?: number): TableColumnOptions => (length ? { name, type: 'varchar', length: String(length), isNullable: true } : { name, type: 'text', isNullable: true });
const flag = (name: string): TableColumnOptions => ({ name, type: 'integer', default: 0 });

/**
 * FAPI 2.0: pushed authorization requests (RFC 9126), client keys for private_key_jwt (RFC 7523) and the
 * assertion jtis already used, DPoP bindings (RFC 9449) of codes and tokens, each client's policy, and the
 * AS's own shared keys (its DPoP nonce key).
 * Flags are integers (0/1) so that both dialects store and compare them alike.
 */
export class Fapi1770200000000 implements MigrationInterface {
  name = 'Fapi1770200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'as_pushed_requests',
        columns: [
          { name: 'request_uri_hash', type: 'varchar', length: '64', isPrimary: true },
          { name: 'client_id', type: 'varchar', length: '64' },
          { name: 'params', type: 'text' },
          { name: 'expires_at', type: 'bigint' },
          { name: 'consumed_at', type: 'bigint', isNullable: true },
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'as_used_assertions',
        columns: [
          { name: 'jti_hash', type: 'varchar', length: '64', isPrimary: true },
          { name: 'expires_at', type: 'bigint' },
        ],
      }),
    );
    const columns = [nullableText('jwks'), nullableText('jwks_uri', 2048), nullableText('fapi_profile', 32), flag('require_par'), flag('dpop_bound')];
    await q.createTable(
      new Table({
        name: 'as_server_secrets',
        columns: [
          { name: 'name', type: 'varchar', length: '64', isPrimary: true },
          { name: 'secret', type: 'varchar', length: '128' },
          { name: 'created_at', type: 'bigint' },
        ],
      }),
    );
    await q.addColumns('as_clients', columns.map((c) => new TableColumn(c)));
    await q.addColumn('as_authorization_codes', new TableColumn(nullableText('dpop_jkt', 64)));
    await q.addColumn('as_tokens', new TableColumn(nullableText('jkt', 64)));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn('as_tokens', 'jkt');
    await q.dropColumn('as_authorization_codes', 'dpop_jkt');
    for (const c of ['dpop_bound', 'require_par', 'fapi_profile', 'jwks_uri', 'jwks']) await q.dropColumn('as_clients', c);
    await q.dropTable('as_server_secrets');
    await q.dropTable('as_used_assertions');
    await q.dropTable('as_pushed_requests');
  }
}

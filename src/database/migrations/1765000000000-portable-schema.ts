import { MigrationInterface, QueryRunner, Table, TableColumnOptions, TableIndex, TableUnique } from 'typeorm';

// Written with TypeORM's Table API so that it means the same on SQLite and PostgreSQL: instants are
// `bigint` milliseconds, money is `numeric(19,4)`, generated keys are whatever each dialect calls
// auto-increment. Index and constraint names are the ones TypeORM derives from the entities, so the
// migrated schema and the entities agree (src/database/schema.spec.ts proves it on both dialects).

const text = (name: string, length?: number, extra: Partial<TableColumnOptions> = {}): TableColumnOptions =>
  length ? { name, type: 'varchar', length: String(length), ...extra } : { name, type: 'text', ...extra };
const key = (name: string, length: number): TableColumnOptions => text(name, length, { isPrimary: true });
const nullable = (c: TableColumnOptions): TableColumnOptions => ({ ...c, isNullable: true });
const ms = (name: string): TableColumnOptions => ({ name, type: 'bigint' });
const int = (name: string): TableColumnOptions => ({ name, type: 'integer' });
const serial = (name: string): TableColumnOptions => ({ name, type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' });
const money = (name: string): TableColumnOptions => ({ name, type: 'numeric', precision: 19, scale: 4 });
const createdAt = ms('created_at');

const TABLES: Table[] = [
  new Table({
    name: 'web_sessions',
    columns: [key('id_hash', 64), text('realm', 64), text('data'), ms('expires_at')],
    indices: [new TableIndex({ name: 'IDX_2b7c71c3273d69f86cb5f0ac5d', columnNames: ['realm'] })],
  }),
  new Table({
    name: 'as_users',
    columns: [key('id', 64), text('username', 64), text('display_name', 128), text('password_hash', 256), createdAt],
    uniques: [new TableUnique({ name: 'UQ_fbc97b4510c30ef6938c220ddbb', columnNames: ['username'] })],
  }),
  new Table({
    name: 'as_clients',
    columns: [
      key('client_id', 64),
      text('secret_hash', 64),
      text('client_name', 128),
      text('redirect_uris'),
      text('grant_types'),
      text('token_endpoint_auth_method', 32),
      text('scope', 512),
      nullable(text('resource_server', 512)),
      createdAt,
    ],
  }),
  new Table({
    name: 'as_grants',
    columns: [
      key('id', 64),
      text('client_id', 64),
      text('user_id', 64),
      text('scope', 512),
      text('resource_ids'),
      text('status', 16, { default: "'ACTIVE'" }),
      nullable(int('history_months')),
      text('duration', 16, { default: "'until_revoked'" }),
      nullable(ms('expires_at')),
      nullable(ms('last_used_at')),
      nullable(ms('revoked_at')),
      createdAt,
    ],
    indices: [new TableIndex({ name: 'IDX_3c4597ca8ca9e5e8be93cb8891', columnNames: ['user_id', 'client_id'] })],
  }),
  new Table({
    name: 'as_authorization_codes',
    columns: [key('code_hash', 64), text('grant_id', 64), text('client_id', 64), text('redirect_uri', 2048), text('code_challenge', 128), ms('expires_at'), nullable(ms('consumed_at'))],
  }),
  new Table({
    name: 'as_tokens',
    columns: [key('token_hash', 64), text('kind', 16), text('grant_id', 64), text('client_id', 64), text('user_id', 64), text('scope', 512), ms('expires_at'), nullable(ms('revoked_at')), createdAt],
    indices: [new TableIndex({ name: 'IDX_57269234bded39580702d036a9', columnNames: ['grant_id'] })],
  }),
  new Table({
    name: 'as_resources',
    columns: [
      key('id', 64),
      text('owner_id', 64),
      text('client_id', 64),
      text('resource_scopes'),
      text('name', 256),
      nullable(text('type', 256)),
      nullable(text('description', 1024)),
      nullable(text('icon_uri', 2048)),
      text('endpoint', 2048),
      createdAt,
      ms('updated_at'),
    ],
    indices: [new TableIndex({ name: 'IDX_e621a08781ba41b8ec4b7e00ef', columnNames: ['owner_id', 'client_id'] })],
  }),
  new Table({ name: 'as_signing_keys', columns: [key('kid', 64), text('alg', 16), text('private_pem'), createdAt] }),
  new Table({
    name: 'as_activity',
    columns: [serial('id'), text('user_id', 64), ms('at'), text('kind', 32), nullable(text('client_name', 128)), nullable(text('bank', 128)), text('detail', 512)],
    indices: [new TableIndex({ name: 'IDX_a28b19e2e271d85ead185f7468', columnNames: ['user_id', 'at'] })],
  }),
  new Table({
    name: 'bank_customers',
    columns: [serial('id'), text('bank_id', 32), text('username', 64), text('display_name', 128), text('password_hash', 256)],
    uniques: [new TableUnique({ name: 'UQ_e5485b165d30f05628800c4a205', columnNames: ['bank_id', 'username'] })],
  }),
  new Table({
    name: 'bank_accounts',
    columns: [
      key('bank_id', 32),
      key('account_id', 64),
      int('customer_id'),
      text('account_category', 32),
      text('account_type', 32),
      text('account_number_display', 16),
      text('product_name', 128),
      nullable(text('nickname', 128)),
      text('status', 16),
      text('currency_code', 3),
      money('current_balance'),
      nullable(money('credit_line')),
      text('balance_as_of', 32),
    ],
    indices: [new TableIndex({ name: 'IDX_32886ea673f2a8e8c861223752', columnNames: ['bank_id', 'customer_id'] })],
  }),
  new Table({
    name: 'bank_transactions',
    columns: [
      serial('seq'),
      text('bank_id', 32),
      text('account_id', 64),
      text('transaction_id', 64),
      text('posted_timestamp', 32),
      text('transaction_timestamp', 32),
      text('description', 256),
      money('amount'),
      text('debit_credit_memo', 8),
      text('status', 16),
      nullable(text('transaction_type', 32)),
    ],
    indices: [new TableIndex({ name: 'IDX_11b0325e7a18b700a2a4733806', columnNames: ['bank_id', 'account_id', 'posted_timestamp'] })],
  }),
  new Table({ name: 'bank_as_clients', columns: [key('bank_id', 32), key('issuer', 512), text('client_id', 128), text('client_secret', 256), createdAt] }),
  new Table({ name: 'bank_delegations', columns: [key('bank_id', 32), key('account_id', 64), int('customer_id'), text('issuer', 512), text('resource_id', 128), createdAt] }),
  new Table({ name: 'bank_pats', columns: [key('bank_id', 32), { ...int('customer_id'), isPrimary: true }, key('issuer', 512), text('refresh_token', 512)] }),
  new Table({ name: 'grapher_as_clients', columns: [key('issuer', 512), text('client_id', 128), text('client_secret_sealed', 512), createdAt] }),
  new Table({
    name: 'grapher_connections',
    columns: [
      key('id', 64),
      text('issuer', 512),
      text('access_token_sealed', 2048),
      nullable(text('refresh_token_sealed', 2048)),
      ms('access_expires_at'),
      text('intro_endpoint', 2048),
      text('scope', 512),
      nullable(text('browser_key_hash', 64)),
      nullable(ms('refreshed_at')),
      createdAt,
    ],
    indices: [new TableIndex({ name: 'IDX_grapher_connections_browser_key_hash', columnNames: ['browser_key_hash'], isUnique: true })],
  }),
];

type SchemaPart = 'common' | 'as' | 'banks' | 'grapher';
const PART_OF_PREFIX: [string, SchemaPart][] = [['as_', 'as'], ['bank_', 'banks'], ['grapher_', 'grapher']];
const partOf = (table: string): SchemaPart => PART_OF_PREFIX.find(([prefix]) => table.startsWith(prefix))?.[1] ?? 'common';
/** The tables of one part of the schema: the sessions every party keeps, or one party's own. */
export const tablesOf = (part: SchemaPart): Table[] => TABLES.filter((t) => partOf(t.name) === part);

abstract class SchemaPartMigration implements MigrationInterface {
  abstract name: string;
  protected abstract part: SchemaPart;

  async up(q: QueryRunner): Promise<void> {
    for (const table of tablesOf(this.part)) await q.createTable(table, false, false, true);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [...tablesOf(this.part)].reverse()) await q.dropTable(table.name, false, false, true);
  }
}

/**
 * The portable schema, one migration per party (and one for what every process keeps), so that a process
 * creates only its parties' tables (PARTIES). Until this split, PortableSchema1765000000000 created every
 * party's tables; a database migrated then already has them, and migrate() records the party parts as done
 * there (adoptSplitSchema), so nothing is created twice.
 */
export class PortableSchema1765000000000 extends SchemaPartMigration {
  name = 'PortableSchema1765000000000';
  protected part = 'common' as const;
}

export class PortableSchemaAs1765000000001 extends SchemaPartMigration {
  name = 'PortableSchemaAs1765000000001';
  protected part = 'as' as const;
}

export class PortableSchemaBanks1765000000002 extends SchemaPartMigration {
  name = 'PortableSchemaBanks1765000000002';
  protected part = 'banks' as const;
}

export class PortableSchemaGrapher1765000000003 extends SchemaPartMigration {
  name = 'PortableSchemaGrapher1765000000003';
  protected part = 'grapher' as const;
}

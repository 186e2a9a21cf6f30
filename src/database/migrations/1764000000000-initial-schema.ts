import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The first schema: sessions, the AS, the banks and Grapher. */
export class InitialSchema1764000000000 implements MigrationInterface {
  name = 'InitialSchema1764000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query("CREATE TABLE \"as_clients\" (\"client_id\" varchar(64) PRIMARY KEY NOT NULL, \"secret_hash\" varchar(64) NOT NULL, \"client_name\" varchar(128) NOT NULL, \"redirect_uris\" text NOT NULL, \"grant_types\" text NOT NULL, \"token_endpoint_auth_method\" varchar(32) NOT NULL, \"scope\" varchar(512) NOT NULL, \"resource_server\" varchar(512), \"created_at\" datetime NOT NULL DEFAULT (datetime('now')))");
    await q.query("CREATE TABLE \"as_users\" (\"id\" varchar(64) PRIMARY KEY NOT NULL, \"username\" varchar(64) NOT NULL, \"display_name\" varchar(128) NOT NULL, \"password_hash\" varchar(256) NOT NULL, \"created_at\" datetime NOT NULL DEFAULT (datetime('now')), CONSTRAINT \"UQ_fbc97b4510c30ef6938c220ddbb\" UNIQUE (\"username\"))");
    await q.query("CREATE TABLE \"as_authorization_codes\" (\"code_hash\" varchar(64) PRIMARY KEY NOT NULL, \"grant_id\" varchar(64) NOT NULL, \"client_id\" varchar(64) NOT NULL, \"redirect_uri\" varchar(2048) NOT NULL, \"code_challenge\" varchar(128) NOT NULL, \"expires_at\" integer NOT NULL, \"consumed_at\" integer)");
    await q.query("CREATE TABLE \"as_grants\" (\"id\" varchar(64) PRIMARY KEY NOT NULL, \"client_id\" varchar(64) NOT NULL, \"user_id\" varchar(64) NOT NULL, \"scope\" varchar(512) NOT NULL, \"resource_ids\" text NOT NULL, \"status\" varchar(16) NOT NULL DEFAULT ('ACTIVE'), \"created_at\" datetime NOT NULL DEFAULT (datetime('now')))");
    await q.query("CREATE INDEX \"IDX_3c4597ca8ca9e5e8be93cb8891\" ON \"as_grants\" (\"user_id\", \"client_id\") ");
    await q.query("CREATE TABLE \"as_resources\" (\"id\" varchar(64) PRIMARY KEY NOT NULL, \"owner_id\" varchar(64) NOT NULL, \"client_id\" varchar(64) NOT NULL, \"resource_scopes\" text NOT NULL, \"name\" varchar(256) NOT NULL, \"type\" varchar(256), \"description\" varchar(1024), \"icon_uri\" varchar(2048), \"endpoint\" varchar(2048) NOT NULL, \"created_at\" datetime NOT NULL DEFAULT (datetime('now')), \"updated_at\" datetime NOT NULL DEFAULT (datetime('now')))");
    await q.query("CREATE INDEX \"IDX_e621a08781ba41b8ec4b7e00ef\" ON \"as_resources\" (\"owner_id\", \"client_id\") ");
    await q.query("CREATE TABLE \"as_signing_keys\" (\"kid\" varchar(64) PRIMARY KEY NOT NULL, \"alg\" varchar(16) NOT NULL, \"private_pem\" text NOT NULL, \"created_at\" datetime NOT NULL DEFAULT (datetime('now')))");
    await q.query("CREATE TABLE \"as_tokens\" (\"token_hash\" varchar(64) PRIMARY KEY NOT NULL, \"kind\" varchar(16) NOT NULL, \"grant_id\" varchar(64) NOT NULL, \"client_id\" varchar(64) NOT NULL, \"user_id\" varchar(64) NOT NULL, \"scope\" varchar(512) NOT NULL, \"expires_at\" integer NOT NULL, \"revoked_at\" integer, \"created_at\" integer NOT NULL)");
    await q.query("CREATE INDEX \"IDX_57269234bded39580702d036a9\" ON \"as_tokens\" (\"grant_id\") ");
    await q.query("CREATE TABLE \"bank_accounts\" (\"bank_id\" varchar(32) NOT NULL, \"account_id\" varchar(64) NOT NULL, \"customer_id\" integer NOT NULL, \"account_category\" varchar(32) NOT NULL, \"account_type\" varchar(32) NOT NULL, \"account_number_display\" varchar(16) NOT NULL, \"product_name\" varchar(128) NOT NULL, \"nickname\" varchar(128), \"status\" varchar(16) NOT NULL, \"currency_code\" varchar(3) NOT NULL, \"current_balance\" real NOT NULL, \"credit_line\" real, \"balance_as_of\" varchar(32) NOT NULL, PRIMARY KEY (\"bank_id\", \"account_id\"))");
    await q.query("CREATE INDEX \"IDX_32886ea673f2a8e8c861223752\" ON \"bank_accounts\" (\"bank_id\", \"customer_id\") ");
    await q.query("CREATE TABLE \"bank_as_clients\" (\"bank_id\" varchar(32) NOT NULL, \"issuer\" varchar(512) NOT NULL, \"client_id\" varchar(128) NOT NULL, \"client_secret\" varchar(256) NOT NULL, \"created_at\" datetime NOT NULL DEFAULT (datetime('now')), PRIMARY KEY (\"bank_id\", \"issuer\"))");
    await q.query("CREATE TABLE \"bank_customers\" (\"id\" integer PRIMARY KEY AUTOINCREMENT NOT NULL, \"bank_id\" varchar(32) NOT NULL, \"username\" varchar(64) NOT NULL, \"display_name\" varchar(128) NOT NULL, \"password_hash\" varchar(256) NOT NULL, CONSTRAINT \"UQ_e5485b165d30f05628800c4a205\" UNIQUE (\"bank_id\", \"username\"))");
    await q.query("CREATE TABLE \"bank_delegations\" (\"bank_id\" varchar(32) NOT NULL, \"account_id\" varchar(64) NOT NULL, \"customer_id\" integer NOT NULL, \"issuer\" varchar(512) NOT NULL, \"resource_id\" varchar(128) NOT NULL, \"pat_refresh_token\" varchar(512), \"created_at\" datetime NOT NULL DEFAULT (datetime('now')), PRIMARY KEY (\"bank_id\", \"account_id\"))");
    await q.query("CREATE TABLE \"bank_transactions\" (\"seq\" integer PRIMARY KEY AUTOINCREMENT NOT NULL, \"bank_id\" varchar(32) NOT NULL, \"account_id\" varchar(64) NOT NULL, \"transaction_id\" varchar(64) NOT NULL, \"posted_timestamp\" varchar(32) NOT NULL, \"transaction_timestamp\" varchar(32) NOT NULL, \"description\" varchar(256) NOT NULL, \"amount\" real NOT NULL, \"debit_credit_memo\" varchar(8) NOT NULL, \"status\" varchar(16) NOT NULL, \"transaction_type\" varchar(32))");
    await q.query("CREATE INDEX \"IDX_11b0325e7a18b700a2a4733806\" ON \"bank_transactions\" (\"bank_id\", \"account_id\", \"posted_timestamp\") ");
    await q.query("CREATE TABLE \"web_sessions\" (\"id_hash\" varchar(64) PRIMARY KEY NOT NULL, \"realm\" varchar(64) NOT NULL, \"data\" text NOT NULL, \"expires_at\" integer NOT NULL)");
    await q.query("CREATE INDEX \"IDX_2b7c71c3273d69f86cb5f0ac5d\" ON \"web_sessions\" (\"realm\") ");
    await q.query("CREATE TABLE \"grapher_as_clients\" (\"issuer\" varchar(512) PRIMARY KEY NOT NULL, \"client_id\" varchar(128) NOT NULL, \"client_secret\" varchar(256) NOT NULL, \"created_at\" datetime NOT NULL DEFAULT (datetime('now')))");
    await q.query("CREATE TABLE \"grapher_connections\" (\"id\" varchar(64) PRIMARY KEY NOT NULL, \"issuer\" varchar(512) NOT NULL, \"access_token\" varchar(1024) NOT NULL, \"refresh_token\" varchar(1024), \"access_expires_at\" integer NOT NULL, \"intro_endpoint\" varchar(2048) NOT NULL, \"scope\" varchar(512) NOT NULL, \"created_at\" datetime NOT NULL DEFAULT (datetime('now')))");
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query("DROP TABLE \"as_clients\"");
    await q.query("DROP TABLE \"as_users\"");
    await q.query("DROP TABLE \"as_authorization_codes\"");
    await q.query("DROP TABLE \"as_grants\"");
    await q.query("DROP INDEX \"IDX_3c4597ca8ca9e5e8be93cb8891\"");
    await q.query("DROP TABLE \"as_resources\"");
    await q.query("DROP INDEX \"IDX_e621a08781ba41b8ec4b7e00ef\"");
    await q.query("DROP TABLE \"as_signing_keys\"");
    await q.query("DROP TABLE \"as_tokens\"");
    await q.query("DROP INDEX \"IDX_57269234bded39580702d036a9\"");
    await q.query("DROP TABLE \"bank_accounts\"");
    await q.query("DROP INDEX \"IDX_32886ea673f2a8e8c861223752\"");
    await q.query("DROP TABLE \"bank_as_clients\"");
    await q.query("DROP TABLE \"bank_customers\"");
    await q.query("DROP TABLE \"bank_delegations\"");
    await q.query("DROP TABLE \"bank_transactions\"");
    await q.query("DROP INDEX \"IDX_11b0325e7a18b700a2a4733806\"");
    await q.query("DROP TABLE \"web_sessions\"");
    await q.query("DROP INDEX \"IDX_2b7c71c3273d69f86cb5f0ac5d\"");
    await q.query("DROP TABLE \"grapher_as_clients\"");
    await q.query("DROP TABLE \"grapher_connections\"");
  }
}

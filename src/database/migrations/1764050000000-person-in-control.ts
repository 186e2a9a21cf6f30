import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The person stays in control: grants gain a history window, a duration, an expiry and a last use;
 * the AS keeps an activity log; a bank keeps each customer's PAT refresh token once, in bank_pats.
 */
export class PersonInControl1764050000000 implements MigrationInterface {
  name = 'PersonInControl1764050000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query("CREATE TABLE \"as_activity\" (\"id\" integer PRIMARY KEY AUTOINCREMENT NOT NULL, \"user_id\" varchar(64) NOT NULL, \"at\" integer NOT NULL, \"kind\" varchar(32) NOT NULL, \"client_name\" varchar(128), \"bank\" varchar(128), \"detail\" varchar(512) NOT NULL)");
    await q.query("CREATE INDEX \"IDX_a28b19e2e271d85ead185f7468\" ON \"as_activity\" (\"user_id\", \"at\") ");
    await q.query("CREATE TABLE \"bank_pats\" (\"bank_id\" varchar(32) NOT NULL, \"customer_id\" integer NOT NULL, \"issuer\" varchar(512) NOT NULL, \"refresh_token\" varchar(512) NOT NULL, PRIMARY KEY (\"bank_id\", \"customer_id\", \"issuer\"))");
    await q.query("INSERT INTO \"bank_pats\"(\"bank_id\", \"customer_id\", \"issuer\", \"refresh_token\") SELECT \"bank_id\", \"customer_id\", \"issuer\", MAX(\"pat_refresh_token\") FROM \"bank_delegations\" WHERE \"pat_refresh_token\" IS NOT NULL GROUP BY \"bank_id\", \"customer_id\", \"issuer\"");
    await q.query("CREATE TABLE \"temporary_bank_delegations\" (\"bank_id\" varchar(32) NOT NULL, \"account_id\" varchar(64) NOT NULL, \"customer_id\" integer NOT NULL, \"issuer\" varchar(512) NOT NULL, \"resource_id\" varchar(128) NOT NULL, \"created_at\" datetime NOT NULL DEFAULT (datetime('now')), PRIMARY KEY (\"bank_id\", \"account_id\"))");
    await q.query("INSERT INTO \"temporary_bank_delegations\"(\"bank_id\", \"account_id\", \"customer_id\", \"issuer\", \"resource_id\", \"created_at\") SELECT \"bank_id\", \"account_id\", \"customer_id\", \"issuer\", \"resource_id\", \"created_at\" FROM \"bank_delegations\"");
    await q.query("DROP TABLE \"bank_delegations\"");
    await q.query("ALTER TABLE \"temporary_bank_delegations\" RENAME TO \"bank_delegations\"");
    await q.query("DROP INDEX \"IDX_3c4597ca8ca9e5e8be93cb8891\"");
    await q.query("CREATE TABLE \"temporary_as_grants\" (\"id\" varchar(64) PRIMARY KEY NOT NULL, \"client_id\" varchar(64) NOT NULL, \"user_id\" varchar(64) NOT NULL, \"scope\" varchar(512) NOT NULL, \"resource_ids\" text NOT NULL, \"status\" varchar(16) NOT NULL DEFAULT ('ACTIVE'), \"created_at\" datetime NOT NULL DEFAULT (datetime('now')), \"history_months\" integer, \"duration\" varchar(16) NOT NULL DEFAULT ('until_revoked'), \"expires_at\" integer, \"last_used_at\" integer, \"revoked_at\" integer)");
    await q.query("INSERT INTO \"temporary_as_grants\"(\"id\", \"client_id\", \"user_id\", \"scope\", \"resource_ids\", \"status\", \"created_at\") SELECT \"id\", \"client_id\", \"user_id\", \"scope\", \"resource_ids\", \"status\", \"created_at\" FROM \"as_grants\"");
    await q.query("DROP TABLE \"as_grants\"");
    await q.query("ALTER TABLE \"temporary_as_grants\" RENAME TO \"as_grants\"");
    await q.query("CREATE INDEX \"IDX_3c4597ca8ca9e5e8be93cb8891\" ON \"as_grants\" (\"user_id\", \"client_id\") ");
    await q.query("UPDATE \"as_grants\" SET \"history_months\" = 12 WHERE \"scope\" LIKE '%accounts:read%' OR \"scope\" LIKE '%transactions:read%'");
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query("DROP TABLE \"as_activity\"");
    await q.query("DROP INDEX \"IDX_a28b19e2e271d85ead185f7468\"");
    await q.query("DROP TABLE \"bank_pats\"");
    await q.query("DROP TABLE \"temporary_bank_delegations\"");
    await q.query("INSERT INTO \"bank_delegations\"(\"bank_id\", \"account_id\", \"customer_id\", \"issuer\", \"resource_id\", \"created_at\") SELECT \"bank_id\", \"account_id\", \"customer_id\", \"issuer\", \"resource_id\", \"created_at\" FROM \"temporary_bank_delegations\"");
    await q.query("CREATE TABLE \"bank_delegations\" (\"bank_id\" varchar(32) NOT NULL, \"account_id\" varchar(64) NOT NULL, \"customer_id\" integer NOT NULL, \"issuer\" varchar(512) NOT NULL, \"resource_id\" varchar(128) NOT NULL, \"pat_refresh_token\" varchar(512), \"created_at\" datetime NOT NULL DEFAULT (datetime('now')), PRIMARY KEY (\"bank_id\", \"account_id\"))");
    await q.query("ALTER TABLE \"bank_delegations\" RENAME TO \"temporary_bank_delegations\"");
    await q.query("CREATE INDEX \"IDX_3c4597ca8ca9e5e8be93cb8891\" ON \"as_grants\" (\"user_id\", \"client_id\") ");
    await q.query("DROP TABLE \"temporary_as_grants\"");
    await q.query("INSERT INTO \"as_grants\"(\"id\", \"client_id\", \"user_id\", \"scope\", \"resource_ids\", \"status\", \"created_at\") SELECT \"id\", \"client_id\", \"user_id\", \"scope\", \"resource_ids\", \"status\", \"created_at\" FROM \"temporary_as_grants\"");
    await q.query("CREATE TABLE \"as_grants\" (\"id\" varchar(64) PRIMARY KEY NOT NULL, \"client_id\" varchar(64) NOT NULL, \"user_id\" varchar(64) NOT NULL, \"scope\" varchar(512) NOT NULL, \"resource_ids\" text NOT NULL, \"status\" varchar(16) NOT NULL DEFAULT ('ACTIVE'), \"created_at\" datetime NOT NULL DEFAULT (datetime('now')))");
    await q.query("ALTER TABLE \"as_grants\" RENAME TO \"temporary_as_grants\"");
    await q.query("DROP INDEX \"IDX_3c4597ca8ca9e5e8be93cb8891\"");
  }
}

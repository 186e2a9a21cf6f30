import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Grapher keeps its tokens and client secrets only sealed (AES-256-GCM), and can remember a browser.
 * Plaintext values cannot be sealed in SQL, so existing rows are dropped: Grapher registers again at
 * the AS and the person connects once more.
 */
export class GrapherSecretsAtRest1764100000000 implements MigrationInterface {
  name = 'GrapherSecretsAtRest1764100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query("DROP TABLE \"grapher_connections\"");
    await q.query("DROP TABLE \"grapher_as_clients\"");
    await q.query("CREATE TABLE \"grapher_as_clients\" (\"issuer\" varchar(512) PRIMARY KEY NOT NULL, \"client_id\" varchar(128) NOT NULL, \"client_secret_sealed\" varchar(512) NOT NULL, \"created_at\" datetime NOT NULL DEFAULT (datetime('now')))");
    await q.query("CREATE TABLE \"grapher_connections\" (\"id\" varchar(64) PRIMARY KEY NOT NULL, \"issuer\" varchar(512) NOT NULL, \"access_token_sealed\" varchar(2048) NOT NULL, \"refresh_token_sealed\" varchar(2048), \"access_expires_at\" integer NOT NULL, \"intro_endpoint\" varchar(2048) NOT NULL, \"scope\" varchar(512) NOT NULL, \"browser_key_hash\" varchar(64), \"refreshed_at\" integer, \"created_at\" datetime NOT NULL DEFAULT (datetime('now')))");
    await q.query("CREATE UNIQUE INDEX \"IDX_grapher_connections_browser_key_hash\" ON \"grapher_connections\" (\"browser_key_hash\") ");
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query("DROP INDEX \"IDX_grapher_connections_browser_key_hash\"");
    await q.query("DROP TABLE \"grapher_connections\"");
    await q.query("DROP TABLE \"grapher_as_clients\"");
    await q.query("CREATE TABLE \"grapher_as_clients\" (\"issuer\" varchar(512) PRIMARY KEY NOT NULL, \"client_id\" varchar(128) NOT NULL, \"client_secret\" varchar(256) NOT NULL, \"created_at\" datetime NOT NULL DEFAULT (datetime('now')))");
    await q.query("CREATE TABLE \"grapher_connections\" (\"id\" varchar(64) PRIMARY KEY NOT NULL, \"issuer\" varchar(512) NOT NULL, \"access_token\" varchar(1024) NOT NULL, \"refresh_token\" varchar(1024), \"access_expires_at\" integer NOT NULL, \"intro_endpoint\" varchar(2048) NOT NULL, \"scope\" varchar(512) NOT NULL, \"created_at\" datetime NOT NULL DEFAULT (datetime('now')))");
  }
}

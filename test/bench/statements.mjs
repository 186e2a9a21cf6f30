// How a repository should reach SQLite on a hot path: the same lookups (a client by id, a token by hash and
// kind, a grant by id) through TypeORM's findOneBy, through the storage layer's execSql (TypeORM's query
// runner with a fixed statement), and through a better-sqlite3 statement prepared once. `node test/bench/statements.mjs` after a build.
import 'reflect-metadata';
import { performance } from 'node:perf_hooks';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../dist/src/database/data-source-options.js';
import { AsClientEntity } from '../../dist/src/as/entities/as-client.entity.js';
import { GrantEntity } from '../../dist/src/as/entities/grant.entity.js';
import { TokenEntity } from '../../dist/src/as/entities/token.entity.js';
import { execSql } from '../../dist/src/database/sql.js';

const N = Number(process.env.N ?? 20_000);
const ds = await new DataSource(dataSourceOptions({ dbPath: ':memory:' })).initialize();
await ds.runMigrations();
const db = ds.driver.databaseConnection; // the better-sqlite3 Database TypeORM opened
const now = Date.now();
db.prepare(`INSERT INTO as_clients (client_id, secret_hash, client_name, redirect_uris, grant_types, token_endpoint_auth_method, scope, created_at) VALUES ('c1', 'h', 'App', '["https://a.example/cb"]', '["authorization_code","refresh_token"]', 'client_secret_basic', 'accounts:read', ?)`).run(now);
db.pragma('foreign_keys = OFF'); // rows of one table each, without their owners
db.prepare(`INSERT INTO as_grants (id, client_id, user_id, scope, resource_ids, duration, status, created_at) VALUES ('g1', 'c1', 'u1', 'accounts:read', '[]', '90d', 'ACTIVE', ?)`).run(now);
db.prepare(`INSERT INTO as_tokens (token_hash, kind, grant_id, client_id, user_id, scope, expires_at, created_at) VALUES ('t1', 'access', 'g1', 'c1', 'u1', 'accounts:read', ?, ?)`).run(now + 9e5, now);

async function time(label, fn) {
  for (let i = 0; i < 2000; i++) await fn(); // warm-up
  const t = performance.now();
  for (let i = 0; i < N; i++) await fn();
  const us = ((performance.now() - t) * 1000) / N;
  console.log(`${label.padEnd(64)} ${us.toFixed(1).padStart(6)} µs`);
  return us;
}

const clients = ds.getRepository(AsClientEntity);
const tokens = ds.getRepository(TokenEntity);
const grants = ds.getRepository(GrantEntity);
const clientStmt = db.prepare('SELECT * FROM as_clients WHERE client_id = ?');
const tokenStmt = db.prepare('SELECT * FROM as_tokens WHERE token_hash = ? AND kind = ?');
const grantStmt = db.prepare("SELECT * FROM as_grants WHERE id = ? AND status = 'ACTIVE'");
const rows = [
  ['client by id', () => clients.findOneBy({ clientId: 'c1' }), () => execSql(ds.manager, 'SELECT * FROM as_clients WHERE client_id = ?', ['c1']), () => clientStmt.get('c1')],
  ['token by hash and kind', () => tokens.findOneBy({ tokenHash: 't1', kind: 'access' }), () => execSql(ds.manager, 'SELECT * FROM as_tokens WHERE token_hash = ? AND kind = ?', ['t1', 'access']), () => tokenStmt.get('t1', 'access')],
  ['active grant by id', () => grants.findOneBy({ id: 'g1', status: 'ACTIVE' }), () => execSql(ds.manager, "SELECT * FROM as_grants WHERE id = ? AND status = 'ACTIVE'", ['g1']), () => grantStmt.get('g1')],
];
console.log(`${N} lookups each, one process, in-memory SQLite, Node ${process.version}`);
for (const [what, orm, raw, prepared] of rows) {
  const a = await time(`${what}: TypeORM findOneBy`, orm);
  const b = await time(`${what}: execSql (query runner, fixed statement)`, raw);
  const c = await time(`${what}: better-sqlite3 statement prepared once`, prepared);
  console.log(`  → findOneBy costs ${(a / c).toFixed(1)}× a prepared statement, execSql ${(b / c).toFixed(1)}×`);
}
await ds.destroy();

import type { DestinationStream } from 'pino';
import { createServer } from 'node:net';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DataSource } from 'typeorm';
import { createApp } from '../../src/app.factory.js';
import { newStore } from './store.js';

/**
 * The app's store, for tests that look at or arrange rows directly. Statements are written with `?`
 * placeholders (they become `$1…` on PostgreSQL) and answer with their rows on either dialect.
 */
export interface TestDb {
  dialect: 'postgres' | 'sqlite';
  source: DataSource;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  query(sql: string, params?: unknown[]): Promise<any>;
}

export interface RunningApp {
  app: NestExpressApplication;
  baseUrl: string;
  db: TestDb;
  close(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

export function testDb(source: DataSource): TestDb {
  const dialect = source.options.type === 'postgres' ? 'postgres' : 'sqlite';
  return {
    dialect,
    source,
    async query(sql, params = []) {
      let i = 0;
      const text = dialect === 'postgres' ? sql.replace(/\?/g, () => `$${++i}`) : sql;
      const runner = source.createQueryRunner();
      try {
        return (await runner.query(text, params, true)).records ?? [];
      } finally {
        await runner.release();
      }
    },
  };
}

/**
 * The whole app, exactly as `npm start` builds it, on a free port with a fresh store (in-memory SQLite,
 * or a database of its own under `npm run test:pg`), unless `env` names one (DB_PATH or DATABASE_URL).
 */
/** `logTo`: a stream that receives the app's log lines (by default the suites log errors only, to stdout). */
export async function startApp(env: Record<string, string> = {}, opts: { logTo?: DestinationStream } = {}): Promise<RunningApp> {
  const port = await freePort();
  const baseUrl = `http://localhost:${port}`;
  const store = env.DB_PATH || env.DATABASE_URL ? undefined : await newStore();
  let app: NestExpressApplication;
  try {
    app = await createApp({ PORT: String(port), PUBLIC_URL: baseUrl, ...store?.env, ...env }, false, opts.logTo);
    await app.listen(port, '127.0.0.1');
  } catch (err) {
    await store?.drop();
    throw err;
  }
  return {
    app,
    baseUrl,
    db: testDb(app.get(DataSource)),
    close: async () => {
      await app.close();
      await store?.drop();
    },
  };
}

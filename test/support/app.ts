import { createServer } from 'node:net';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DataSource } from 'typeorm';
import { createApp } from '../../src/app.factory.js';

export interface RunningApp {
  app: NestExpressApplication;
  baseUrl: string;
  db: DataSource;
  close(): Promise<void>;
}

function freePort(): Promise<number> {
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

/** The whole app, exactly as `npm start` builds it, on a free port with a fresh in-memory database. */
export async function startApp(env: Record<string, string> = {}): Promise<RunningApp> {
  const port = await freePort();
  const baseUrl = `http://localhost:${port}`;
  const app = await createApp({ PORT: String(port), PUBLIC_URL: baseUrl, DB_PATH: ':memory:', ...env }, false);
  await app.listen(port, '127.0.0.1');
  return { app, baseUrl, db: app.get(DataSource), close: () => app.close() };
}

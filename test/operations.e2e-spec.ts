import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Browser } from './support/browser.js';
import { basic, delegateBank, getJson, obtainTokens, postForm, registerClient } from './support/fixtures.js';
import { RunningApp, startApp } from './support/app.js';

/** Read-only for this process: file mode, and the immutable flag when running as root (which ignores the mode). */
function makeReadOnly(file: string, on: boolean): void {
  if (!on && process.getuid?.() === 0) execFileSync('chattr', ['-i', file]);
  chmodSync(file, on ? 0o444 : 0o644);
  if (on && process.getuid?.() === 0) execFileSync('chattr', ['+i', file]);
}

/** Settings for operators and tests: readiness, the access token's lifetime, which proxies are trusted. */
describe('Operations', () => {
  describe('/readyz answers 503 while the database cannot take writes; /healthz stays a liveness probe', () => {
    let run: RunningApp;
    beforeAll(async () => {
      // SQLite, whatever the suite's store: `query_only` makes this connection read-only (a file the process
      // cannot write to is tested below; a closed connection on either store).
      run = await startApp({ DB_PATH: ':memory:' });
    });
    afterAll(() => run.close());

    it('both answer 200 on a healthy instance', async () => {
      expect(await getJson(`${run.baseUrl}/readyz`)).toMatchObject({ status: 200, json: { status: 'ready' } });
      expect((await getJson(`${run.baseUrl}/healthz`)).status).toBe(200);
    });

    it('a read-only connection: 503 with the reason, then ready again once writable', async () => {
      await run.db.query('PRAGMA query_only = ON');
      try {
        const res = await getJson(`${run.baseUrl}/readyz`);
        expect(res.status).toBe(503);
        expect(res.json.reason).toMatch(/database not writable/);
        expect(res.headers.get('cache-control')).toBe('no-store');
        expect((await getJson(`${run.baseUrl}/healthz`)).status).toBe(200);
      } finally {
        await run.db.query('PRAGMA query_only = OFF');
      }
      expect((await getJson(`${run.baseUrl}/readyz`)).status).toBe(200);
    });

    it('a closed connection: 503', async () => {
      const other = await startApp();
      try {
        await other.db.source.destroy();
        expect(await getJson(`${other.baseUrl}/readyz`)).toMatchObject({ status: 503, json: { reason: 'database connection closed' } });
        expect((await getJson(`${other.baseUrl}/healthz`)).status).toBe(200);
      } finally {
        await other.close();
      }
    }, 120_000);
  });

  it('/readyz answers 503 for a server started on a read-only SQLite file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'steward-ro-'));
    const file = join(dir, 'steward.sqlite');
    try {
      await (await startApp({ DB_PATH: file })).close();
      makeReadOnly(file, true);
      const run = await startApp({ DB_PATH: file });
      try {
        expect((await getJson(`${run.baseUrl}/healthz`)).status).toBe(200);
        expect((await getJson(`${run.baseUrl}/readyz`)).status).toBe(503);
      } finally {
        await run.close();
      }
    } finally {
      makeReadOnly(file, false);
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);

  it('ACCESS_TOKEN_TTL_SECONDS sets the access token lifetime: announced in expires_in, refused by Intro once past', async () => {
    const run = await startApp({ ACCESS_TOKEN_TTL_SECONDS: '1' });
    try {
      const browser = new Browser();
      await delegateBank(browser, run.baseUrl, 'norma');
      const tokens = await obtainTokens(browser, run.baseUrl, await registerClient(run.baseUrl));
      expect(tokens.expires_in).toBe(1);
      await new Promise((r) => setTimeout(r, 1100));
      expect((await getJson(`${run.baseUrl}/as/intro`, { authorization: `Bearer ${tokens.access_token}` })).status).toBe(401);
    } finally {
      await run.close();
    }
  }, 120_000);

  describe('TRUST_PROXY decides whose X-Forwarded-For is the client address for per-address limits', () => {
    /** 100 failed client authentications from one address (each a new client id, so only the address limit counts). */
    const failFrom = async (run: RunningApp, forwardedFor: string) => {
      const answers = await Promise.all(
        Array.from({ length: 100 }, (_, i) => postForm(`${run.baseUrl}/as/token`, { grant_type: 'client_credentials' }, { authorization: basic(`nobody-${i}`, 'x'), 'x-forwarded-for': forwardedFor })),
      );
      expect(answers.map((a) => a.status)).toEqual(Array(100).fill(401));
    };
    const attempt = (run: RunningApp, forwardedFor: string) =>
      postForm(`${run.baseUrl}/as/token`, { grant_type: 'client_credentials' }, { authorization: basic('someone-else', 'x'), 'x-forwarded-for': forwardedFor });

    it('behind a trusted proxy (TRUST_PROXY=loopback), each client behind it has its own limit', async () => {
      const run = await startApp({ TRUST_PROXY: 'loopback' });
      try {
        await failFrom(run, '203.0.113.7');
        expect((await attempt(run, '203.0.113.7')).status).toBe(429);
        expect((await attempt(run, '198.51.100.9')).status).toBe(401);
      } finally {
        await run.close();
      }
    }, 120_000);

    it('by default no proxy is trusted: a client cannot escape its limit by sending X-Forwarded-For', async () => {
      const run = await startApp();
      try {
        await failFrom(run, '203.0.113.7');
        expect((await attempt(run, '198.51.100.9')).status).toBe(429);
      } finally {
        await run.close();
      }
    }, 120_000);

    it('with a hop count, only the address the trusted proxy appended counts, not what the client wrote before it', async () => {
      const run = await startApp({ TRUST_PROXY: '1' });
      try {
        await failFrom(run, '203.0.113.7');
        // The client forged 198.51.100.9; the proxy appended the address it really saw.
        expect((await attempt(run, '198.51.100.9, 203.0.113.7')).status).toBe(429);
      } finally {
        await run.close();
      }
    }, 120_000);
  });
});

import { FailureThrottle, ThrottleRule } from '../../src/common/throttle/failure-throttle.service.js';
import { RunningApp, startApp } from '../support/app.js';
import { newStore, TEST_PG_URL, TestStore } from '../support/store.js';

if (!TEST_PG_URL) throw new Error('test/pg needs PostgreSQL: run it with npm run test:pg');

const FIVE: ThrottleRule = { limit: 5, windowMs: 60_000 };
const FIFTY: ThrottleRule = { limit: 50, windowMs: 60_000 };

/** The failure throttle's counters in PostgreSQL (every instance counts in them): exact under concurrency, all or nothing. */
describe('Failure-throttle counters on PostgreSQL', () => {
  let store: TestStore;
  let run: RunningApp;
  let throttle: FailureThrottle;
  const attempts = async (subject: string) => {
    const [row] = (await run.db.query('SELECT attempts FROM throttle_counters WHERE subject = ?', [subject])) as { attempts: number | string }[];
    return row === undefined ? undefined : Number(row.attempts);
  };

  beforeAll(async () => {
    store = await newStore();
    run = await startApp(store.env);
    throttle = run.app.get(FailureThrottle);
  });
  afterAll(async () => {
    await run?.close();
    await store?.drop();
  });

  it('the counters are an unlogged table: their commits wait for no WAL flush (a crash or failover starts them afresh)', async () => {
    expect(await run.db.query("SELECT relpersistence FROM pg_class WHERE relname = 'throttle_counters'")).toEqual([{ relpersistence: 'u' }]);
  });

  it('20 attempts at once on one key with a limit of 5: exactly 5 go ahead, the refused ones count nothing', async () => {
    const waits = await Promise.all(Array.from({ length: 20 }, () => throttle.reserve([['user:eve', FIVE], ['addr:1', FIFTY]])));
    expect(waits.filter((w) => w === 0)).toHaveLength(5);
    for (const w of waits.filter((x) => x !== 0)) expect(w).toBeGreaterThanOrEqual(1);
    expect(await attempts('user:eve')).toBe(5);
    expect(await attempts('addr:1')).toBe(5);
  });

  it('all or nothing across keys: a key at its limit leaves the other keys uncounted', async () => {
    expect(await throttle.reserve([['user:eve', FIVE], ['addr:2', FIFTY]])).toBeGreaterThan(0);
    expect(await attempts('addr:2')).toBe(0);
    expect(await attempts('user:eve')).toBe(5);
  });

  it('a window that has passed starts again at 1; release takes one back; succeed forgets the key', async () => {
    await run.db.query('UPDATE throttle_counters SET window_start = ? WHERE subject = ?', [Date.now() - 61_000, 'user:eve']);
    expect(await throttle.reserve([['user:eve', FIVE]])).toBe(0);
    expect(await attempts('user:eve')).toBe(1);
    await throttle.release('user:eve');
    expect(await attempts('user:eve')).toBe(0);
    await throttle.succeed('user:eve');
    expect(await attempts('user:eve')).toBeUndefined();
  });
});

import { BankAccountEntity } from '../src/banks/entities/bank-account.entity.js';
import { AsUserEntity } from '../src/as/entities/as-user.entity.js';
import { TokenEntity } from '../src/as/entities/token.entity.js';
import { RunningApp, startApp } from './support/app.js';

/** The store means the same on SQLite (`npm test`) and PostgreSQL (`npm run test:pg`). */
describe(`Storage (${process.env.STEWARD_TEST_PG ? 'PostgreSQL' : 'SQLite'})`, () => {
  let run: RunningApp;
  beforeAll(async () => {
    run = await startApp();
  });
  afterAll(() => run.close());

  it('the migrated schema is exactly what the entities describe (no pending schema change)', async () => {
    const pending = await run.db.source.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((q) => q.query)).toEqual([]);
  });

  it('money comes back exact to the cent: 1234567.89 is 1234567.89, and both dialects keep four decimals', async () => {
    const accounts = run.db.source.getRepository(BankAccountEntity);
    const [account] = await accounts.find({ where: { bankId: 'astoria' }, order: { accountId: 'ASC' }, take: 1 });
    const cases = [1234567.89, 0.1 + 0.2, -0.01, 9_999_999_999.99, 12.3456];
    for (const amount of cases) {
      await accounts.update({ bankId: account.bankId, accountId: account.accountId }, { currentBalance: amount, creditLine: amount });
      const back = await accounts.findOneByOrFail({ bankId: account.bankId, accountId: account.accountId });
      expect([back.currentBalance, back.creditLine]).toEqual([Number(amount.toFixed(4)), Number(amount.toFixed(4))]);
      expect(JSON.stringify({ currentBalance: back.currentBalance })).toBe(`{"currentBalance":${Number(amount.toFixed(4))}}`);
    }
    expect(JSON.stringify((await accounts.findOneByOrFail({ bankId: account.bankId, accountId: account.accountId })).currentBalance)).not.toContain('e');
  });

  it('millisecond instants past 2^31 (and 2^32) are stored and read back as numbers', async () => {
    const tokens = run.db.source.getRepository(TokenEntity);
    const far = 1_796_265_978_153;
    await tokens.insert({ tokenHash: 'f'.repeat(64), kind: 'access', grantId: 'g', clientId: 'c', userId: 'u', scope: 's', expiresAt: far, revokedAt: null, createdAt: far - 1 });
    const row = await tokens.findOneByOrFail({ tokenHash: 'f'.repeat(64) });
    expect([row.expiresAt, row.createdAt]).toEqual([far, far - 1]);
    expect(await run.db.query('SELECT expires_at, created_at FROM as_tokens WHERE token_hash = ?', ['f'.repeat(64)])).toEqual([{ expires_at: far, created_at: far - 1 }]);
    await tokens.delete({ tokenHash: 'f'.repeat(64) });
  });

  it('a value carrying U+0000 (which PostgreSQL text cannot hold) is looked up and written without an error', async () => {
    const users = run.db.source.getRepository(AsUserEntity);
    expect(await users.findOneBy({ username: 'nat\u0000' })).toBeNull();
    await users.insert({ id: 'nul\u0000id', username: 'nul\u0000name', displayName: 'x', passwordHash: 'x', createdAt: Date.now() });
    expect(await users.countBy({ displayName: 'x' })).toBe(1);
    await users.delete({ displayName: 'x' });
  });
});

import jwt from 'jsonwebtoken';
import { SigningKeyService } from '../src/as/core/signing-key.service.js';
import { getJson } from './support/fixtures.js';
import { RunningApp, startApp } from './support/app.js';

const MIN = 60_000;
const DAY = 24 * 60 * MIN;

/**
 * The AS's key rollover on the store under test (SQLite, or PostgreSQL under `npm run test:pg`): a new key when
 * the newest is SIGNING_KEY_ROTATION_DAYS old, published at once, signing only after two reloads, and the old
 * one retired a day after. Time is moved by ageing the rows; each step is one reload (`tick`).
 */
describe('Signing key rotation (SIGNING_KEY_ROTATION_DAYS, SIGNING_KEY_RELOAD_SECONDS)', () => {
  let run: RunningApp;
  let keys: SigningKeyService;
  beforeAll(async () => {
    run = await startApp({ SIGNING_KEY_ROTATION_DAYS: '30', SIGNING_KEY_RELOAD_SECONDS: '60' });
    keys = run.app.get(SigningKeyService);
  });
  afterAll(() => run.close());

  const published = async () => ((await getJson(`${run.baseUrl}/as/jwks`)).json.keys as { kid: string }[]).map((k) => k.kid).sort();
  const signingKid = () => jwt.decode(keys.sign({ iss: 'x' }, 'at+jwt'), { complete: true })?.header.kid;
  const age = (kid: string, ms: number) => run.db.query('UPDATE as_signing_keys SET created_at = ? WHERE kid = ?', [Date.now() - ms, kid]);

  it('a key younger than the rotation period stays alone', async () => {
    const [first] = await published();
    await age(first, 29 * DAY);
    await keys.tick();
    expect(await published()).toEqual([first]);
    expect(signingKid()).toBe(first);
  });

  it('once the newest key is older than the period: a new key, published at once, signing after two reloads, the old one retired a day later', async () => {
    const [first] = await published();
    await age(first, 31 * DAY);
    await keys.tick();
    const both = await published();
    expect(both).toHaveLength(2);
    const next = both.find((k) => k !== first) as string;
    // Published, but not yet signing: an instance that has not reloaded yet could not verify it.
    expect(signingKid()).toBe(first);
    await keys.tick();
    expect(signingKid()).toBe(first);
    await age(next, 2 * MIN + 1000);
    await keys.tick();
    expect(signingKid()).toBe(next);
    expect(await published()).toEqual(both); // the old key still verifies what it signed
    await age(next, DAY + 2 * MIN + 1000);
    await keys.tick();
    expect(await published()).toEqual([next]);
    expect(await run.db.query('SELECT kid FROM as_signing_keys')).toEqual([{ kid: next }]);
    expect(signingKid()).toBe(next);
  });
});

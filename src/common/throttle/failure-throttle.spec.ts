import { jest } from '@jest/globals';
import { PageError } from '../errors/page.errors.js';
import { FailureThrottle, LOGIN_PER_ADDRESS, LOGIN_PER_USER } from './failure-throttle.service.js';
import { throttledLogin } from './login-throttle.js';

describe('FailureThrottle', () => {
  const rule = { limit: 3, windowMs: 60_000 };
  afterEach(() => jest.useRealTimers());

  it('counts each attempt as it starts, up to the limit, then says how long to wait and counts nothing', async () => {
    const t = new FailureThrottle();
    for (let i = 0; i < 3; i++) expect(await t.reserve([['k', rule]])).toBe(0);
    expect(await t.reserve([['k', rule]])).toBeGreaterThan(55);
    expect(await t.reserve([['other', rule]])).toBe(0);
  });

  it('is all or nothing across keys: a locked key counts nothing against the others', async () => {
    const t = new FailureThrottle();
    for (let i = 0; i < 3; i++) await t.reserve([['user', rule]]);
    expect(await t.reserve([['address', rule], ['user', rule]])).toBeGreaterThan(0);
    for (let i = 0; i < 3; i++) expect(await t.reserve([['address', rule]])).toBe(0);
  });

  it('forgets attempts outside the window; release takes one back, succeed forgets the key', async () => {
    jest.useFakeTimers({ now: 1_000_000 });
    const t = new FailureThrottle();
    for (let i = 0; i < 3; i++) await t.reserve([['k', rule]]);
    jest.setSystemTime(1_000_000 + 60_001);
    expect(await t.reserve([['k', rule]])).toBe(0);
    await t.reserve([['k', rule]]);
    await t.reserve([['k', rule]]);
    await t.release('k');
    expect(await t.reserve([['k', rule]])).toBe(0);
    await t.succeed('k');
    for (let i = 0; i < 3; i++) expect(await t.reserve([['k', rule]])).toBe(0);
  });
});

describe('throttledLogin under concurrency', () => {
  /** A wrong password that takes a while to check, like scrypt: all attempts are in flight at once. */
  const slowWrongPassword = (checked: { n: number }) => () =>
    new Promise<undefined>((resolve) => {
      checked.n++;
      setTimeout(() => resolve(undefined), 20);
    });

  const settle = (attempts: Promise<unknown>[]) => Promise.allSettled(attempts);

  it('20 concurrent wrong passwords for one user: only the per-user limit is checked, the rest are 429', async () => {
    const throttle = new FailureThrottle();
    const checked = { n: 0 };
    const results = await settle(Array.from({ length: 20 }, () => throttledLogin(throttle, 'as', 'nat', '10.0.0.1', slowWrongPassword(checked))));
    expect(checked.n).toBe(LOGIN_PER_USER.limit);
    const refused = results.filter((r) => r.status === 'rejected' && r.reason instanceof PageError && r.reason.status === 429);
    expect(refused).toHaveLength(20 - LOGIN_PER_USER.limit);
  });

  it('concurrent wrong passwords for many users from one address: only the per-address limit is checked', async () => {
    const throttle = new FailureThrottle();
    const checked = { n: 0 };
    await settle(Array.from({ length: 80 }, (_, i) => throttledLogin(throttle, 'as', `user${i}`, '10.0.0.2', slowWrongPassword(checked))));
    expect(checked.n).toBe(LOGIN_PER_ADDRESS.limit);
  });

  it('a success takes its count back from the address and clears the user', async () => {
    const throttle = new FailureThrottle();
    const ok = async () => 'person';
    for (let i = 0; i < LOGIN_PER_ADDRESS.limit + 5; i++) await expect(throttledLogin(throttle, 'as', 'nat', '10.0.0.3', ok)).resolves.toBe('person');
  });
});

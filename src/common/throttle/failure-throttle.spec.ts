import { jest } from '@jest/globals';
import { FailureThrottle } from './failure-throttle.service.js';

describe('FailureThrottle', () => {
  const rule = { limit: 3, windowMs: 60_000 };
  afterEach(() => jest.useRealTimers());

  it('allows up to the limit of failures, then says how long to wait', () => {
    const t = new FailureThrottle();
    for (let i = 0; i < 3; i++) {
      expect(t.retryAfter('k', rule)).toBe(0);
      t.fail('k', rule);
    }
    expect(t.retryAfter('k', rule)).toBeGreaterThan(55);
    expect(t.retryAfter('other', rule)).toBe(0);
  });

  it('forgets failures outside the window, and on success', () => {
    jest.useFakeTimers({ now: 1_000_000 });
    const t = new FailureThrottle();
    for (let i = 0; i < 3; i++) t.fail('k', rule);
    jest.setSystemTime(1_000_000 + 60_001);
    expect(t.retryAfter('k', rule)).toBe(0);
    for (let i = 0; i < 3; i++) t.fail('k', rule);
    t.succeed('k');
    expect(t.retryAfter('k', rule)).toBe(0);
  });
});

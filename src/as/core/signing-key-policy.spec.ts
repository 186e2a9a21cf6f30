import { DAY_MS, keyPolicy, retiredKids, rotationDue, signingKid } from './signing-key-policy.js';

describe('Signing key rollover', () => {
  const policy = keyPolicy(60, 90); // reload every minute: a key signs once 2 minutes old; a new key every 90 days
  const t0 = 1_800_000_000_000;
  const MIN = 60_000;

  it('the only key signs at once (a fresh store)', () => {
    expect(signingKid([{ kid: 'k1', createdAt: t0 }], t0, policy)).toBe('k1');
  });

  it('a new key is published first and signs only after two reload intervals', () => {
    const rows = [{ kid: 'k1', createdAt: t0 }, { kid: 'k2', createdAt: t0 + 10 * MIN }];
    expect(signingKid(rows, t0 + 10 * MIN, policy)).toBe('k1');
    expect(signingKid(rows, t0 + 12 * MIN - 1, policy)).toBe('k1');
    expect(signingKid(rows, t0 + 12 * MIN, policy)).toBe('k2');
  });

  it('rotation is due when the newest key is older than the period; never with 0 days', () => {
    const rows = [{ kid: 'k1', createdAt: t0 }, { kid: 'k2', createdAt: t0 + 5 * DAY_MS }];
    expect(rotationDue(rows, t0 + 95 * DAY_MS - 1, policy)).toBe(false);
    expect(rotationDue(rows, t0 + 95 * DAY_MS, policy)).toBe(true);
    expect(rotationDue(rows, t0 + 9999 * DAY_MS, keyPolicy(60, 0))).toBe(false);
  });

  it('an older key is retired a day after its successor began signing, never the signing key', () => {
    const rows = [{ kid: 'k0', createdAt: t0 - DAY_MS }, { kid: 'k1', createdAt: t0 }, { kid: 'k2', createdAt: t0 + 90 * DAY_MS }];
    const k2Signs = t0 + 90 * DAY_MS + 2 * MIN;
    expect(retiredKids(rows, k2Signs - 1, policy)).toEqual(['k0']);
    expect(retiredKids(rows, k2Signs + DAY_MS - 1, policy)).toEqual(['k0']);
    expect(retiredKids(rows, k2Signs + DAY_MS, policy)).toEqual(['k0', 'k1']);
    expect(retiredKids([{ kid: 'k1', createdAt: t0 }], t0 + 999 * DAY_MS, policy)).toEqual([]);
  });
});

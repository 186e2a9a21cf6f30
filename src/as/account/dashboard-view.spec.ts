import { describe, expect, it } from '@jest/globals';
import type { ActivityEntity } from '../entities/activity.entity.js';
import { groupActivity, typeWords, when } from './dashboard-view.js';

const row = (at: number, over: Partial<ActivityEntity> = {}): ActivityEntity =>
  ({ id: at, userId: 'u', at, kind: 'intro_called', clientName: 'Grapher', bank: 'Norma Securities, Monami Card', detail: 'Intro gave 5 bank token(s)', ...over }) as ActivityEntity;
const T = Date.UTC(2026, 11, 5, 15, 40);

describe('the dashboard in words', () => {
  it('writes a time readably, with the ISO value for the browser to localise', () => {
    expect(when(T)).toEqual({ iso: '2026-12-05T15:40:00.000Z', text: '5 Dec 2026, 15:40 UTC' });
  });

  it('names account types in words', () => {
    expect(typeWords('mutualfund')).toBe('Mutual fund');
    expect(typeWords('creditcard')).toBe('Credit card');
    expect(typeWords('checking')).toBe('Checking account');
    expect(typeWords('annuity')).toBe('annuity');
  });

  it('folds repeated picture views into one line with a count and a span', () => {
    const rows = [0, 1, 2, 3].map((m) => row(T + m * 60_000));
    const lines = groupActivity(rows);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ count: 4, app: 'Grapher', first: { text: '5 Dec 2026, 15:40 UTC' }, last: { text: '5 Dec 2026, 15:43 UTC' } });
  });

  it('keeps repeats far apart in time, and different things, on their own lines', () => {
    const lines = groupActivity([row(T), row(T + 2 * 3600_000), row(T + 60_000, { kind: 'tokens_refreshed', detail: 'Access renewed' })]);
    expect(lines.map((l) => [l.kind, l.count])).toEqual([
      ['intro_called', 1],
      ['tokens_refreshed', 1],
      ['intro_called', 1],
    ]);
  });

  it('puts a bank acting for its accounts in the bank column, not the app column', () => {
    const [line] = groupActivity([row(T, { kind: 'resource_registered', clientName: 'Bank of Astoria', bank: null, detail: 'Registered Checking' })]);
    expect(line).toMatchObject({ app: null, bank: 'Bank of Astoria' });
    const [consent] = groupActivity([row(T, { kind: 'consent_given', clientName: 'Monami Card', bank: null, detail: 'You allowed this bank to register your accounts here' })], new Set(['Monami Card']));
    expect(consent).toMatchObject({ app: null, bank: 'Monami Card' });
  });
});

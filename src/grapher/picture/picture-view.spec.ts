import { describe, expect, it } from '@jest/globals';
import { buildPicture } from './aggregate.js';
import { AS_OF, household } from './picture.fixtures.js';
import { coverage, flowsView } from './picture-view.js';

describe('coverage: what the totals include', () => {
  it('says every account is in when all were fetched', () => {
    const p = buildPicture(household(), AS_OF, 3);
    expect(coverage(p, 5)).toEqual({ complete: true, drawn: 5, shared: 5, text: 'all 5 accounts shared with Grapher', unavailable: [] });
  });

  it('names the account that is missing, so a debt is never dropped in silence', () => {
    const accounts = household().filter((a) => a.institution !== 'Monami Card');
    const p = buildPicture(accounts, AS_OF, 3);
    p.unavailable = ['Monami Card — Credit card ••1204'];
    const c = coverage(p, 5);
    expect(c.complete).toBe(false);
    expect(c.text).toBe('4 of 5 accounts; Monami Card — Credit card ••1204 unavailable');
    // The card's debt is not in the totals, and the page says so rather than showing a bare $0.00.
    expect(p.totals.liabilities).toBe(0);
  });

  it('counts an unavailable account even when Intro listed fewer', () => {
    const p = buildPicture(household().slice(0, 2), AS_OF, 3);
    p.unavailable = ['A', 'B'];
    expect(coverage(p, 3).text).toBe('2 of 4 accounts; A, B unavailable');
  });
});

describe('flowsView: the one statement of income and spending', () => {
  it('gives the period, the month to date and the complete months', () => {
    const v = flowsView(buildPicture(household(), AS_OF, 3));
    expect(v).toMatchObject({ period: 'Jan 2025 – Mar 2025 (to day 15)', monthToDate: true, completeMonthsText: '2 complete months', spending: 2906.25 });
  });
});

import { describe, expect, it } from '@jest/globals';
import type { SharingGrant } from '../storage/grants.repository.js';
import { changedContents, GrantChange } from './grant-management-action.js';

const DAY = 24 * 3600 * 1000;
const NOW = Date.UTC(2026, 11, 5, 22, 0);
const BANK_A = 'https://as.example/banks/a';
const BANK_B = 'https://as.example/banks/b';

const grant = (over: Partial<SharingGrant> = {}): SharingGrant =>
  ({
    id: 'g1',
    clientId: 'c',
    userId: 'nat',
    scope: 'accounts:read grant_management_query',
    resourceIds: ['r1', 'r2'],
    authorizationDetails: [{ type: 'account_information', actions: ['list_accounts'], locations: [BANK_A] }],
    historyMonths: 12,
    duration: '90d',
    expiresAt: NOW + 10 * DAY,
    status: 'ACTIVE',
    ...over,
  }) as SharingGrant;

const change = (over: Partial<GrantChange> = {}): GrantChange => ({
  action: 'merge',
  userId: 'nat',
  scope: ['transactions:read'],
  resourceIds: ['r2', 'r3'],
  authorizationDetails: [{ type: 'account_information', actions: ['read_transactions'], locations: [BANK_B] }],
  historyMonths: 3,
  duration: '30d',
  ...over,
});

/** Grant Management §5.2: what a grant holds after a merge or a replace. */
describe('Grant Management §5.2 merge and replace', () => {
  it('merge keeps what the grant had and adds the new consent: scopes, accounts and details once each', () => {
    const out = changedContents(grant(), change(), NOW);
    expect(out.scope.split(' ')).toEqual(['accounts:read', 'grant_management_query', 'transactions:read']);
    expect(out.resourceIds).toEqual(['r1', 'r2', 'r3']);
    expect(out.authorizationDetails).toEqual([
      { type: 'account_information', actions: ['list_accounts'], locations: [BANK_A] },
      { type: 'account_information', actions: ['read_transactions'], locations: [BANK_B] },
    ]);
    expect(out.removedResourceIds).toEqual([]);
    // The same detail twice is kept once.
    expect(changedContents(grant(), change({ authorizationDetails: grant().authorizationDetails }), NOW).authorizationDetails).toHaveLength(1);
  });

  it('merge keeps the longer history window and the later end (until revoked beats any date)', () => {
    // 30 days from now is later than the 10 days the grant has left: the new duration counts.
    expect(changedContents(grant(), change(), NOW)).toMatchObject({ historyMonths: 12, duration: '30d', expiresAt: NOW + 30 * DAY });
    // A one-time consent does not shorten a 90-day grant.
    expect(changedContents(grant(), change({ duration: 'once', historyMonths: 24 }), NOW)).toMatchObject({ historyMonths: 24, duration: '90d', expiresAt: NOW + 10 * DAY });
    expect(changedContents(grant(), change({ duration: 'until_revoked' }), NOW)).toMatchObject({ duration: 'until_revoked', expiresAt: null });
    expect(changedContents(grant({ duration: 'until_revoked', expiresAt: null }), change(), NOW)).toMatchObject({ duration: 'until_revoked', expiresAt: null });
  });

  it('merge into a grant without details takes the new ones, and a scope-only consent keeps the grant’s', () => {
    expect(changedContents(grant({ authorizationDetails: null }), change(), NOW).authorizationDetails).toEqual(change().authorizationDetails);
    expect(changedContents(grant(), change({ authorizationDetails: null }), NOW).authorizationDetails).toEqual(grant().authorizationDetails);
  });

  it('replace makes the grant exactly the new consent, and names the accounts it took out', () => {
    const out = changedContents(grant(), change({ action: 'replace' }), NOW);
    expect(out).toEqual({
      scope: 'transactions:read',
      resourceIds: ['r2', 'r3'],
      authorizationDetails: change().authorizationDetails,
      historyMonths: 3,
      duration: '30d',
      expiresAt: NOW + 30 * DAY,
      removedResourceIds: ['r1'],
    });
  });
});

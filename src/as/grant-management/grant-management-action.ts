import { InvalidGrantIdError, InvalidScopeError } from '../../common/errors/oauth.errors.js';
import type { AccountInformationDetail } from '../core/authorization-details.js';
import { DURATIONS, GrantService } from '../core/grant.service.js';
import { PROTECTION_SCOPE, parseScope } from '../core/scopes.js';
import type { GrantDuration, GrantEntity } from '../entities/grant.entity.js';
import type { SharingGrant } from '../storage/grants.repository.js';

/**
 * Grant Management for OAuth 2.0 (FAPI WG draft) §5.2: how an authorization request treats a grant.
 * `create` (the default: a fresh grant), `merge` and `replace` (both name an existing grant by grant_id).
 */
export const GRANT_MANAGEMENT_ACTIONS = ['create', 'merge', 'replace'] as const;
export type GrantManagementAction = (typeof GRANT_MANAGEMENT_ACTIONS)[number];
/** §7.1 grant_management_actions_supported: the API's query and revoke (§6), and the three actions. */
export const GRANT_MANAGEMENT_ACTIONS_SUPPORTED = ['query', 'revoke', ...GRANT_MANAGEMENT_ACTIONS];

/** The request's action, validated (§5.4): merge and replace carry the grant they change. */
export type GrantManagementRequest = { action: 'create' } | { action: 'merge' | 'replace'; grantId: string };

/** What the person consented to in a merge or replace request, kept with the code until it is redeemed. */
export interface GrantChange {
  action: 'merge' | 'replace';
  /** The person who consented: the grant must still be theirs when the code is redeemed. */
  userId: string;
  scope: string[];
  resourceIds: string[];
  authorizationDetails: AccountInformationDetail[] | null;
  historyMonths: number | null;
  duration: GrantDuration;
}

/** The grant's contents once a change is applied (§5.2), and the accounts a replace took out of it. */
export interface ChangedContents {
  scope: string;
  resourceIds: string[];
  authorizationDetails: AccountInformationDetail[] | null;
  historyMonths: number | null;
  duration: GrantDuration;
  expiresAt: number | null;
  removedResourceIds: string[];
}

/**
 * §5.4: the grant named by grant_id must be an active grant of this client (and, once the person is
 * known, of this person), else invalid_grant_id. A grant stays what it was: a bank's PAT grant
 * (uma_protection) is never merged with or replaced by account scopes, nor the other way round.
 */
export async function checkGrantTarget(grants: GrantService, request: GrantManagementRequest | undefined, clientId: string, scope: string[], userId?: string): Promise<GrantEntity | undefined> {
  if (!request || request.action === 'create') return undefined;
  const grant = await grants.findActive(request.grantId);
  if (!grant || grant.clientId !== clientId) throw new InvalidGrantIdError('grant_id names no active grant of this client');
  if (userId !== undefined && grant.userId !== userId) throw new InvalidGrantIdError('grant_id names a grant of another person than the one signed in');
  if (parseScope(grant.scope).includes(PROTECTION_SCOPE) !== scope.includes(PROTECTION_SCOPE)) {
    throw new InvalidScopeError('uma_protection cannot be combined with account scopes, by merge or replace either');
  }
  return grant;
}

const union = <T>(a: T[], b: T[]) => [...new Set([...a, ...b])];

/** RFC 9396 details of both, each distinct detail once. */
function mergedDetails(a: AccountInformationDetail[] | null, b: AccountInformationDetail[] | null): AccountInformationDetail[] | null {
  if (!a || !b) return a ?? b;
  const seen = new Set(a.map((d) => JSON.stringify(d)));
  return [...a, ...b.filter((d) => !seen.has(JSON.stringify(d)))];
}

/**
 * §5.2 merge: the grant keeps what it had and gains what the person consented to now (scopes, accounts,
 * details; the longer history window; the later end). replace: the grant becomes exactly the new consent.
 */
export function changedContents(grant: SharingGrant, change: GrantChange, now = Date.now()): ChangedContents {
  const ms = DURATIONS[change.duration].ms;
  const newEnd = ms === null ? null : now + ms;
  if (change.action === 'replace') {
    const kept = new Set(change.resourceIds);
    return {
      scope: change.scope.join(' '),
      resourceIds: change.resourceIds,
      authorizationDetails: change.authorizationDetails,
      historyMonths: change.historyMonths,
      duration: change.duration,
      expiresAt: newEnd,
      removedResourceIds: grant.resourceIds.filter((id) => !kept.has(id)),
    };
  }
  const later = grant.expiresAt === null || (newEnd !== null && newEnd <= grant.expiresAt) ? 'old' : 'new';
  return {
    scope: union(parseScope(grant.scope), change.scope).join(' '),
    resourceIds: union(grant.resourceIds, change.resourceIds),
    authorizationDetails: mergedDetails(grant.authorizationDetails, change.authorizationDetails),
    historyMonths: grant.historyMonths === null ? change.historyMonths : Math.max(grant.historyMonths, change.historyMonths ?? 0),
    duration: later === 'old' ? grant.duration : change.duration,
    expiresAt: later === 'old' ? grant.expiresAt : newEnd,
    removedResourceIds: [],
  };
}

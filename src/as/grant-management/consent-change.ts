import { ClientRedirectError, OAuthError } from '../../common/errors/oauth.errors.js';
import type { AccountInformationDetail } from '../core/authorization-details.js';
import { GrantService } from '../core/grant.service.js';
import type { PersonAccount } from '../core/person-resources.service.js';
import type { GrantDuration } from '../entities/grant.entity.js';
import type { SharingGrant } from '../storage/grants.repository.js';
import type { PendingAuthorization } from '../authorization/authorization-request.js';
import { checkGrantTarget, GrantChange } from './grant-management-action.js';

/**
 * Grant Management §5.4 at consent: the grant a merge or replace names must be the signed-in person's
 * (and still this client's, still active), else invalid_grant_id back to the client (RFC 6749 §4.1.2.1).
 */
export async function grantToChange(grants: GrantService, pending: PendingAuthorization, userId: string, issuer: string): Promise<SharingGrant | undefined> {
  try {
    const grant = await checkGrantTarget(grants, pending.grantManagement, pending.clientId, pending.scope, userId);
    return grant && Object.assign(grant, { resourceIds: await grants.sharedIn(userId, grant.id) });
  } catch (err) {
    if (err instanceof OAuthError) throw new ClientRedirectError(err, pending.redirectUri, pending.state, issuer);
    throw err;
  }
}

/** What the consent page tells the person about the grant this request changes (merge or replace). */
export function changeNotice(pending: PendingAuthorization, grant: SharingGrant | undefined, accounts: PersonAccount[]) {
  if (!grant || !pending.grantManagement) return undefined;
  const names = new Map(accounts.map((a) => [a.id, `${a.bank} — ${a.name}`]));
  // In the order the page lists the person's accounts; those no longer registered last.
  const order = new Map(accounts.map((a, i) => [a.id, i]));
  const current = [...grant.resourceIds].sort((a, b) => (order.get(a) ?? Infinity) - (order.get(b) ?? Infinity));
  return {
    merge: pending.grantManagement.action === 'merge',
    replace: pending.grantManagement.action === 'replace',
    grantId: grant.id,
    created: new Date(grant.createdAt).toISOString().slice(0, 10),
    current: current.map((id) => names.get(id) ?? 'an account no longer registered'),
  };
}

/** The consent of a merge or replace request, kept with the code and applied when it is redeemed. */
export function grantChange(
  pending: PendingAuthorization,
  userId: string,
  consent: { resourceIds: string[]; authorizationDetails: AccountInformationDetail[] | null; historyMonths: number | null; duration: GrantDuration },
): GrantChange | undefined {
  const gm = pending.grantManagement;
  if (!gm || gm.action === 'create') return undefined;
  return { action: gm.action, userId, scope: pending.scope, ...consent };
}

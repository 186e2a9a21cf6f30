/** CAEP 1.0 §3.1: the grant (the "session" a bank token names as grant_id) was revoked. */
export const SESSION_REVOKED = 'https://schemas.openid.net/secevent/caep/event-type/session-revoked';
/** Steward's own type (README, Shared Signals): the account's registration at the AS is gone. */
export const RESOURCE_DELETED = 'urn:steward:secevent:event-type:resource-deleted';
/** Steward's own type (README, Shared Signals): the grant no longer covers the account `resource_id`. */
export const GRANT_RESOURCE_REMOVED = 'urn:steward:secevent:event-type:grant-resource-removed';
/** What a bank asks its AS to push. */
export const EVENTS_WANTED = [SESSION_REVOKED, RESOURCE_DELETED, GRANT_RESOURCE_REMOVED];

/** How a bank keeps "this grant's tokens, for this account only, are refused": beside the grant ids it refuses. */
export function grantAccountKey(grantId: unknown, resourceId: unknown): string {
  return `${String(grantId)} ${String(resourceId)}`;
}

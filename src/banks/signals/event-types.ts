/** CAEP 1.0 §3.1: the grant (the "session" a bank token names as grant_id) was revoked. */
export const SESSION_REVOKED = 'https://schemas.openid.net/secevent/caep/event-type/session-revoked';
/** Steward's own type (README, Shared Signals): the account's registration at the AS is gone. */
export const RESOURCE_DELETED = 'urn:steward:secevent:event-type:resource-deleted';
/** What a bank asks its AS to push. */
export const EVENTS_WANTED = [SESSION_REVOKED, RESOURCE_DELETED];

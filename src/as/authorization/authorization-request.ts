import type { AccountInformationDetail } from '../core/authorization-details.js';
import type { AsClientEntity } from '../entities/as-client.entity.js';
import type { GrantManagementRequest } from '../grant-management/grant-management-action.js';

/** The raw query of GET /authorize: every value as Express parsed it (a repeated parameter is an array). */
export type RawAuthorizationQuery = Record<string, unknown>;

/** A validated authorization request, kept server-side in the AS session until the person decides. */
export interface PendingAuthorization {
  clientId: string;
  redirectUri: string;
  scope: string[];
  /** RFC 9396: the request's authorization_details, if it had any. */
  authorizationDetails?: AccountInformationDetail[];
  state?: string;
  codeChallenge: string;
  /** RFC 9449 §10: the DPoP key the code is bound to (dpop_jkt, or the proof on the PAR request). */
  dpopJkt?: string;
  /** Grant Management §5.2: create, or merge into / replace the grant named by grant_id. */
  grantManagement?: GrantManagementRequest;
  createdAt: number;
}

export interface CheckContext {
  query: RawAuthorizationQuery;
  client?: AsClientEntity;
  /** Set once the redirect_uri is validated: from then on errors go back to the client by redirect. */
  redirectUri?: string;
  state?: string;
  scope?: string[];
  authorizationDetails?: AccountInformationDetail[];
  codeChallenge?: string;
  dpopJkt?: string;
  grantManagement?: GrantManagementRequest;
}

import type { ClientKeys } from './client-keys.js';

/** RFC 8414 authorization server metadata, with UMA 2.0 and Steward additions that clients here use. */
export interface AsMetadata {
  issuer: string;
  authorization_endpoint: string;
  token_endpoint: string;
  jwks_uri: string;
  registration_endpoint?: string;
  revocation_endpoint?: string;
  introspection_endpoint?: string;
  resource_registration_endpoint?: string;
  intro_endpoint?: string;
  code_challenge_methods_supported?: string[];
  authorization_response_iss_parameter_supported?: boolean;
  /** RFC 9126 §5 */
  pushed_authorization_request_endpoint?: string;
  require_pushed_authorization_requests?: boolean;
  /** RFC 9449 §5.1 */
  dpop_signing_alg_values_supported?: string[];
  token_endpoint_auth_methods_supported?: string[];
  token_endpoint_auth_signing_alg_values_supported?: string[];
}

/** Whether the AS offers what a FAPI 2.0 client needs: PAR, DPoP with ES256 and private_key_jwt with ES256. */
export function offersFapi2(meta: AsMetadata): boolean {
  const es256 = (list?: string[]) => list?.includes('ES256') === true;
  return (
    typeof meta.pushed_authorization_request_endpoint === 'string' &&
    es256(meta.dpop_signing_alg_values_supported) &&
    meta.token_endpoint_auth_methods_supported?.includes('private_key_jwt') === true &&
    (meta.token_endpoint_auth_signing_alg_values_supported === undefined || es256(meta.token_endpoint_auth_signing_alg_values_supported))
  );
}

export interface TokenResponse {
  access_token: string;
  token_type: string;
  expires_in?: number;
  refresh_token?: string;
  scope?: string;
  intro_endpoint?: string;
}

/**
 * A client's registration at an AS: a secret (client_secret_basic), or, for a FAPI 2.0 client, its own keys
 * (private_key_jwt and DPoP; see client-keys.ts).
 */
export interface RegisteredClient {
  client_id: string;
  client_secret?: string;
  keys?: ClientKeys;
}

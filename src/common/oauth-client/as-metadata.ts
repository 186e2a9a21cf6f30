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
}

export interface TokenResponse {
  access_token: string;
  token_type: string;
  expires_in?: number;
  refresh_token?: string;
  scope?: string;
  intro_endpoint?: string;
}

export interface RegisteredClient {
  client_id: string;
  client_secret: string;
}

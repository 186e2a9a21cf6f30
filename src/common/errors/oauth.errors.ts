import { bearerChallenge } from '../auth/bearer-challenge.js';

/** Who answers a resource request: a realm, and for a bank the RFC 9728 metadata URL of the resource. */
export type ResourceChallenge = string | { realm: string; resourceMetadata?: string; scheme?: 'Bearer' | 'DPoP' | 'both' };
const challengeOf = (who: ResourceChallenge) => (typeof who === 'string' ? { realm: who } : who);

// Typed OAuth errors: one class per registered error code, written out by AllExceptionsFilter.
// RFC 6749 §5.2 (token endpoint), §4.1.2.1 (authorization endpoint), RFC 6750 §3.1 (resource servers),
// RFC 7591 §3.2.2 (registration), UMA 2.0 Federated Authorization §3.3 (resource registration).

export abstract class OAuthError extends Error {
  abstract readonly error: string;
  readonly status: number = 400;

  constructor(readonly description?: string) {
    super(description);
  }

  /** Value of WWW-Authenticate, if the error answers a 401. */
  wwwAuthenticate(): string | undefined {
    return undefined;
  }

  /** Other response headers the error needs (RFC 9449 §8: DPoP-Nonce). */
  responseHeaders(): Record<string, string> {
    return {};
  }

  toJSON(): Record<string, string> {
    return this.description ? { error: this.error, error_description: this.description } : { error: this.error };
  }
}

export class InvalidRequestError extends OAuthError {
  readonly error = 'invalid_request';
}

export class InvalidClientError extends OAuthError {
  readonly error = 'invalid_client';
  override readonly status = 401;
  // RFC 6749 §5.2: 401 with a WWW-Authenticate matching the scheme the client used.
  override wwwAuthenticate(): string {
    return 'Basic realm="steward", charset="UTF-8"';
  }
}

export class InvalidGrantError extends OAuthError {
  readonly error = 'invalid_grant';
}

export class UnauthorizedClientError extends OAuthError {
  readonly error = 'unauthorized_client';
}

export class UnsupportedGrantTypeError extends OAuthError {
  readonly error = 'unsupported_grant_type';
}

export class UnsupportedResponseTypeError extends OAuthError {
  readonly error = 'unsupported_response_type';
}

/** RFC 9396 §5: the authorization details are not understood or not allowed. */
export class InvalidAuthorizationDetailsError extends OAuthError {
  readonly error = 'invalid_authorization_details';
}

export class InvalidScopeError extends OAuthError {
  readonly error = 'invalid_scope';
}

export class AccessDeniedError extends OAuthError {
  readonly error = 'access_denied';
  override readonly status = 403;
}

export class ServerError extends OAuthError {
  readonly error = 'server_error';
  override readonly status = 500;
}

export class TemporarilyUnavailableError extends OAuthError {
  readonly error = 'temporarily_unavailable';
  override readonly status = 503;
}

/** Too many failed attempts: 429 with Retry-After (RFC 6585 §4). */
export class TooManyAttemptsError extends OAuthError {
  readonly error = 'temporarily_unavailable';
  override readonly status = 429;
  constructor(readonly retryAfterSeconds: number) {
    super(`too many failed attempts; try again in ${retryAfterSeconds} s`);
  }
}

/** RFC 6750 §3.1: no credentials at all — 401 with a challenge that carries no error code. */
export class CredentialsRequiredError extends OAuthError {
  readonly error = 'invalid_token';
  override readonly status = 401;
  constructor(
    description = 'an access token is required',
    private readonly realm: ResourceChallenge = 'steward',
  ) {
    super(description);
  }
  override wwwAuthenticate(): string {
    return bearerChallenge(challengeOf(this.realm));
  }
}

/** RFC 6750 §3.1: a malformed Authorization header — 400 invalid_request, with the challenge. */
export class InvalidBearerRequestError extends InvalidRequestError {
  constructor(
    description = 'the Authorization header must be "Bearer <token>"',
    private readonly realm: ResourceChallenge = 'steward',
  ) {
    super(description);
  }
  override wwwAuthenticate(): string {
    return bearerChallenge({ ...challengeOf(this.realm), error: 'invalid_request', description: this.description });
  }
}

/** RFC 6750 §3.1 */
export class InvalidTokenError extends OAuthError {
  readonly error = 'invalid_token';
  override readonly status = 401;
  constructor(
    description?: string,
    private readonly realm: ResourceChallenge = 'steward',
  ) {
    super(description);
  }
  override wwwAuthenticate(): string {
    return bearerChallenge({ ...challengeOf(this.realm), error: 'invalid_token', description: this.description });
  }
}

/** RFC 6750 §3.1 */
export class InsufficientScopeError extends OAuthError {
  readonly error = 'insufficient_scope';
  override readonly status = 403;
  constructor(
    readonly scope: string,
    private readonly realm: ResourceChallenge = 'steward',
  ) {
    super(`this call needs scope ${scope}`);
  }
  override wwwAuthenticate(): string {
    return bearerChallenge({ ...challengeOf(this.realm), error: 'insufficient_scope', scope: this.scope });
  }
}

/**
 * RFC 9449 §5 (token endpoint: 400, no challenge) and §7.1 (resource server: 401 with a DPoP challenge,
 * when a realm is given): the DPoP proof is missing or invalid.
 */
export class InvalidDpopProofError extends OAuthError {
  readonly error = 'invalid_dpop_proof';
  override readonly status: number;
  constructor(
    description: string,
    private readonly realm?: ResourceChallenge,
  ) {
    super(description);
    this.status = realm === undefined ? 400 : 401;
  }
  override wwwAuthenticate(): string | undefined {
    if (this.realm === undefined) return undefined;
    return bearerChallenge({ ...challengeOf(this.realm), scheme: 'DPoP', error: 'invalid_dpop_proof', description: this.description });
  }
}

/** RFC 9449 §8: the authorization server wants a proof with its nonce: 400 use_dpop_nonce and a DPoP-Nonce header. */
export class UseDpopNonceError extends OAuthError {
  readonly error = 'use_dpop_nonce';
  constructor(
    description: string,
    private readonly nonce: string,
  ) {
    super(description);
  }
  override responseHeaders(): Record<string, string> {
    return { 'DPoP-Nonce': this.nonce };
  }
}

/** RFC 9126 §2.3 with RFC 9101 §6.2: the request_uri is unknown, expired, used or not this client's. */
export class InvalidRequestUriError extends OAuthError {
  readonly error = 'invalid_request_uri';
}

/** Grant Management for OAuth 2.0 §5.4: the grant_id is unknown, not this client's, or not the signed-in person's. */
export class InvalidGrantIdError extends OAuthError {
  readonly error = 'invalid_grant_id';
}

/** RFC 7591 §3.2.2 */
export class InvalidRedirectUriError extends OAuthError {
  readonly error = 'invalid_redirect_uri';
}

/** RFC 7591 §3.2.2 */
export class InvalidClientMetadataError extends OAuthError {
  readonly error = 'invalid_client_metadata';
}

/** UMA 2.0 Federated Authorization §3.3 */
export class NotFoundError extends OAuthError {
  readonly error = 'not_found';
  override readonly status = 404;
}

/** UMA 2.0 Federated Authorization §3.3 */
export class UnsupportedMethodTypeError extends OAuthError {
  readonly error = 'unsupported_method_type';
  override readonly status = 405;
}

/**
 * An authorization-endpoint error to send back to the client by redirect (RFC 6749 §4.1.2.1).
 * Only thrown once the client and its redirect_uri have been validated.
 */
export class ClientRedirectError extends Error {
  constructor(
    readonly error: OAuthError,
    readonly redirectUri: string,
    readonly state: string | undefined,
    readonly issuer: string,
  ) {
    super(error.description);
  }

  location(): string {
    const url = new URL(this.redirectUri);
    url.searchParams.set('error', this.error.error);
    if (this.error.description) url.searchParams.set('error_description', this.error.description);
    if (this.state !== undefined) url.searchParams.set('state', this.state);
    url.searchParams.set('iss', this.issuer); // RFC 9207 §2
    return url.toString();
  }
}

import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../config/app-config.js';
import { randomToken, secretMatches, sha256 } from '../../common/crypto/secrets.js';
import { InvalidClientError, InvalidClientMetadataError, InvalidRedirectUriError, InvalidRequestError, TooManyAttemptsError } from '../../common/errors/oauth.errors.js';
import { CLIENT_AUTH_PER_ADDRESS, CLIENT_AUTH_PER_CLIENT, FailureThrottle } from '../../common/throttle/failure-throttle.service.js';
import type { AsClientEntity } from '../entities/as-client.entity.js';
import { ClientsRepository } from '../storage/clients.repository.js';
import { assertedClientId, ClientAssertionService } from './client-assertion.service.js';
import { fapiMetadata } from './client-fapi-metadata.js';
import { parseScope, SUPPORTED_SCOPES } from './scopes.js';

const AUTH_METHODS = ['client_secret_basic', 'client_secret_post', 'private_key_jwt'] as const;
const GRANT_TYPES = ['authorization_code', 'refresh_token'];

export interface ClientCredentials {
  authorization?: string;
  clientId?: unknown;
  clientSecret?: unknown;
  /** RFC 7523 §2.2: client_assertion_type and client_assertion (private_key_jwt). */
  assertionType?: unknown;
  assertion?: unknown;
  /** The caller's address, for throttling failed attempts. */
  address: string;
}

@Injectable()
export class ClientService {
  constructor(
    private readonly clients: ClientsRepository,
    private readonly config: AppConfig,
    private readonly throttle: FailureThrottle,
    private readonly assertions: ClientAssertionService,
  ) {}

  /** The hot lookup of every client authentication: one prepared statement. */
  find(clientId: string): Promise<AsClientEntity | null> {
    return this.clients.byClientId(clientId);
  }

  /** The apps' and banks' registered names (RFC 7591 client_name), by client id. */
  names(clientIds: string[]): Promise<Map<string, string>> {
    return this.clients.names(clientIds);
  }

  /** RFC 7591 §3.1–3.2: validate metadata, issue client_id and a server-generated secret (shown once). */
  async register(body: unknown): Promise<Record<string, unknown>> {
    if (!body || typeof body !== 'object' || Array.isArray(body)) throw new InvalidClientMetadataError('the body must be a JSON object');
    const m = body as Record<string, unknown>;

    const redirectUris = m.redirect_uris;
    if (!Array.isArray(redirectUris) || redirectUris.length === 0 || redirectUris.length > 10) {
      throw new InvalidRedirectUriError('redirect_uris must be a list of 1 to 10 URIs');
    }
    for (const uri of redirectUris) this.checkRedirectUri(uri);

    const method = m.token_endpoint_auth_method ?? 'client_secret_basic';
    if (!(AUTH_METHODS as readonly unknown[]).includes(method)) {
      throw new InvalidClientMetadataError(`token_endpoint_auth_method must be one of ${AUTH_METHODS.join(', ')}`);
    }
    const fapi = fapiMetadata(m, method as AsClientEntity['tokenEndpointAuthMethod'], this.config);
    const grantTypes = m.grant_types ?? ['authorization_code', 'refresh_token'];
    if (!Array.isArray(grantTypes) || grantTypes.some((g) => !GRANT_TYPES.includes(g as string)) || !grantTypes.includes('authorization_code')) {
      throw new InvalidClientMetadataError(`grant_types must include authorization_code and may add refresh_token`);
    }
    const responseTypes = m.response_types ?? ['code'];
    if (!Array.isArray(responseTypes) || responseTypes.length !== 1 || responseTypes[0] !== 'code') {
      throw new InvalidClientMetadataError('response_types must be ["code"]');
    }
    const clientName = m.client_name ?? 'Unnamed app';
    if (typeof clientName !== 'string' || clientName.trim().length === 0 || clientName.length > 128) {
      throw new InvalidClientMetadataError('client_name must be a string of at most 128 characters');
    }
    const scope = m.scope ?? SUPPORTED_SCOPES.join(' ');
    if (typeof scope !== 'string' || parseScope(scope).some((s) => !SUPPORTED_SCOPES.includes(s))) {
      throw new InvalidClientMetadataError(`scope may only contain ${SUPPORTED_SCOPES.join(', ')}`);
    }
    let resourceServer: string | null = null;
    if (m.resource_server !== undefined) {
      resourceServer = this.checkResourceServer(m.resource_server);
      // A client may only speak for a resource server whose pages receive its codes.
      const rs = resourceServer;
      if ((redirectUris as string[]).some((uri) => !uri.startsWith(`${rs}/`))) {
        throw new InvalidClientMetadataError('a resource server registers redirect URIs under its own resource_server URL');
      }
    }

    const clientId = randomToken(16);
    // A private_key_jwt client has no secret: the hash of one nobody is ever shown keeps the column filled.
    const clientSecret = randomToken(32);
    const withSecret = method !== 'private_key_jwt';
    const entity: AsClientEntity = {
      clientId,
      secretHash: sha256(clientSecret),
      clientName: clientName.trim(),
      redirectUris: redirectUris as string[],
      grantTypes: grantTypes as string[],
      tokenEndpointAuthMethod: method as AsClientEntity['tokenEndpointAuthMethod'],
      scope: parseScope(scope).join(' '),
      resourceServer,
      jwks: fapi.jwks,
      jwksUri: fapi.jwksUri,
      fapiProfile: fapi.fapiProfile,
      requirePar: fapi.requirePar,
      dpopBound: fapi.dpopBound,
      createdAt: Date.now(),
    };
    await this.clients.insert(entity);
    return {
      client_id: clientId,
      ...(withSecret ? { client_secret: clientSecret, client_secret_expires_at: 0 } : {}),
      client_id_issued_at: Math.floor(entity.createdAt / 1000),
      client_name: entity.clientName,
      redirect_uris: entity.redirectUris,
      grant_types: entity.grantTypes,
      response_types: ['code'],
      token_endpoint_auth_method: entity.tokenEndpointAuthMethod,
      scope: entity.scope,
      ...(resourceServer ? { resource_server: resourceServer } : {}),
      ...(fapi.jwks ? { jwks: fapi.jwks } : {}),
      ...(fapi.jwksUri ? { jwks_uri: fapi.jwksUri } : {}),
      ...(fapi.fapiProfile ? { fapi_profile: fapi.fapiProfile } : {}),
      require_pushed_authorization_requests: fapi.requirePar,
      dpop_bound_access_tokens: fapi.dpopBound,
    };
  }

  /** Whether FAPI 2.0 binds this client: registered with fapi_profile "fapi2", or FAPI=on for every client. */
  isFapi(client: AsClientEntity): boolean {
    return this.config.fapi || client.fapiProfile === 'fapi2';
  }

  /** RFC 9126 §6, and FAPI 2.0 §5.3.2.2 [3]: authorization requests only by PAR. */
  requiresPar(client: AsClientEntity): boolean {
    return client.requirePar || this.isFapi(client);
  }

  /** RFC 9449 §5.2, and FAPI 2.0 §5.3.2.1 [4]: sender-constrained access tokens only. */
  requiresDpop(client: AsClientEntity): boolean {
    return client.dpopBound || this.isFapi(client);
  }

  /**
   * RFC 6749 §2.3.1 (client_secret_basic, client_secret_post) and RFC 7523 §2.2 (private_key_jwt), whichever
   * the client registered. The client MUST NOT use more than one authentication method in each request.
   */
  async authenticate(creds: ClientCredentials): Promise<AsClientEntity> {
    const basic = parseBasic(creds.authorization);
    const inBody = creds.clientSecret !== undefined;
    const asserted = creds.assertion !== undefined || creds.assertionType !== undefined;
    if ([basic !== undefined, inBody, asserted].filter(Boolean).length > 1) throw new InvalidRequestError('use one client authentication method, not two');
    let clientId: unknown;
    let secret: unknown;
    let method: AsClientEntity['tokenEndpointAuthMethod'];
    if (basic) {
      if (creds.clientId !== undefined && creds.clientId !== basic.id) throw new InvalidRequestError('client_id does not match the Authorization header');
      ({ id: clientId, secret } = basic);
      method = 'client_secret_basic';
    } else if (asserted) {
      const named = assertedClientId(creds.assertion);
      if (named !== undefined && creds.clientId !== undefined && creds.clientId !== named) throw new InvalidClientError('client_id does not match the client assertion');
      clientId = named ?? creds.clientId; // an unreadable assertion is refused as such, for the client named

      method = 'private_key_jwt';
    } else {
      clientId = creds.clientId;
      secret = creds.clientSecret;
      method = 'client_secret_post';
    }
    if (typeof clientId !== 'string' || clientId === '' || (method !== 'private_key_jwt' && (typeof secret !== 'string' || secret === ''))) {
      throw new InvalidClientError('client authentication is required');
    }
    const clientKey = `client:${clientId}`;
    const addressKey = `client@${creds.address}`;
    // Counted before the lookup, so concurrent guesses cannot pass the limit together; taken back on success.
    const wait = await this.throttle.reserve([
      [clientKey, CLIENT_AUTH_PER_CLIENT],
      [addressKey, CLIENT_AUTH_PER_ADDRESS],
    ]);
    if (wait > 0) throw new TooManyAttemptsError(wait);
    const client = await this.checkCredentials(clientId, method, secret, creds).catch(async (err: unknown) => {
      // A wrong secret or assertion stays counted; a failure of ours (the store) is taken back.
      if (!(err instanceof InvalidClientError)) await Promise.all([this.throttle.release(clientKey), this.throttle.release(addressKey)]);
      throw err;
    });
    await this.throttle.release(clientKey);
    await this.throttle.release(addressKey);
    if (client.tokenEndpointAuthMethod !== method) throw new InvalidClientError(`this client authenticates with ${client.tokenEndpointAuthMethod}`);
    return client;
  }

  private async checkCredentials(clientId: string, method: AsClientEntity['tokenEndpointAuthMethod'], secret: unknown, creds: ClientCredentials): Promise<AsClientEntity> {
    const client = await this.find(clientId);
    if (!client) throw new InvalidClientError('unknown client or wrong secret');
    if (method === 'private_key_jwt') {
      if (client.tokenEndpointAuthMethod !== 'private_key_jwt') throw new InvalidClientError(`this client authenticates with ${client.tokenEndpointAuthMethod}`);
      await this.assertions.verify(client, creds.assertionType, creds.assertion);
    } else if (!secretMatches(secret as string, client.secretHash)) {
      throw new InvalidClientError('unknown client or wrong secret');
    }
    return client;
  }

  /** RFC 9700 §4.1.3 / RFC 6749 §3.1.2: absolute, no fragment, https (http only for loopback or this demo). */
  private checkRedirectUri(uri: unknown): void {
    if (typeof uri !== 'string' || uri.length > 2048) throw new InvalidRedirectUriError('each redirect_uri must be a string');
    let url: URL;
    try {
      url = new URL(uri);
    } catch {
      throw new InvalidRedirectUriError(`${uri} is not an absolute URI`);
    }
    if (uri.includes('#')) throw new InvalidRedirectUriError('a redirect_uri MUST NOT include a fragment');
    if (url.protocol === 'https:') return;
    if (url.protocol === 'http:' && (this.isLoopback(url.hostname) || this.config.isDeploymentUrl(url))) return;
    throw new InvalidRedirectUriError(`${uri}: redirect URIs must use https (http only on loopback)`);
  }

  private checkResourceServer(value: unknown): string {
    if (typeof value !== 'string') throw new InvalidClientMetadataError('resource_server must be a URL');
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      throw new InvalidClientMetadataError('resource_server must be an absolute URL');
    }
    if (url.search || url.hash || !['https:', 'http:'].includes(url.protocol)) {
      throw new InvalidClientMetadataError('resource_server must be an http(s) URL with no query or fragment');
    }
    return value.replace(/\/$/, '');
  }

  private isLoopback(host: string): boolean {
    return host === 'localhost' || host === '127.0.0.1' || host === '[::1]';
  }
}

function parseBasic(header: string | undefined): { id: string; secret: string } | undefined {
  if (!header || !/^basic /i.test(header)) return undefined;
  const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) throw new InvalidClientError('malformed Basic credentials');
  try {
    return { id: decodeURIComponent(decoded.slice(0, colon)), secret: decodeURIComponent(decoded.slice(colon + 1)) };
  } catch {
    throw new InvalidClientError('malformed Basic credentials');
  }
}

import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../config/app-config.js';
import { InvalidRequestError, NotFoundError } from '../../common/errors/oauth.errors.js';
import { DPOP_ALGS } from '../../common/dpop/dpop-verifier.js';
import { FAPI_ALGS } from '../../common/jose/jws.js';
import { AsUrls } from '../core/as-urls.js';
import { AUTHORIZATION_DETAILS_TYPES } from '../core/authorization-details.js';
import { SUPPORTED_SCOPES } from '../core/scopes.js';
import { SigningKeyService } from '../core/signing-key.service.js';
import { UserService } from '../core/user.service.js';
import { GRANT_MANAGEMENT_ACTIONS_SUPPORTED } from '../grant-management/grant-management-action.js';

const ISSUER_REL = 'http://openid.net/specs/connect/1.0/issuer';

@Injectable()
export class DiscoveryService {
  constructor(
    private readonly urls: AsUrls,
    private readonly keys: SigningKeyService,
    private readonly users: UserService,
    private readonly config: AppConfig,
  ) {}

  /**
   * RFC 8414 §2, with RFC 9126 §5 (PAR), RFC 9449 §5.1 (DPoP), UMA 2.0's resource_registration_endpoint and
   * Steward's intro_endpoint. With FAPI=on, only FAPI 2.0's client authentication is offered.
   */
  metadata() {
    const authMethods = this.config.fapi ? ['private_key_jwt'] : ['client_secret_basic', 'client_secret_post', 'private_key_jwt'];
    return {
      issuer: this.urls.issuer,
      authorization_endpoint: this.urls.authorization,
      token_endpoint: this.urls.token,
      pushed_authorization_request_endpoint: this.urls.par,
      require_pushed_authorization_requests: this.config.fapi,
      registration_endpoint: this.urls.registration,
      jwks_uri: this.urls.jwks,
      revocation_endpoint: this.urls.revocation,
      introspection_endpoint: this.urls.introspection,
      resource_registration_endpoint: this.urls.resourceRegistration,
      intro_endpoint: this.urls.intro,
      scopes_supported: SUPPORTED_SCOPES,
      response_types_supported: ['code'],
      response_modes_supported: ['query'],
      grant_types_supported: ['authorization_code', 'refresh_token'],
      code_challenge_methods_supported: ['S256'],
      token_endpoint_auth_methods_supported: authMethods,
      token_endpoint_auth_signing_alg_values_supported: FAPI_ALGS,
      revocation_endpoint_auth_methods_supported: authMethods,
      revocation_endpoint_auth_signing_alg_values_supported: FAPI_ALGS,
      introspection_endpoint_auth_methods_supported: authMethods,
      introspection_endpoint_auth_signing_alg_values_supported: FAPI_ALGS,
      dpop_signing_alg_values_supported: DPOP_ALGS,
      authorization_response_iss_parameter_supported: true,
      authorization_details_types_supported: AUTHORIZATION_DETAILS_TYPES,
      uma_profiles_supported: [],
      // Grant Management for OAuth 2.0 §7.1. create, merge and replace (actions at PAR) are not offered yet.
      grant_management_endpoint: this.urls.grantManagement,
      grant_management_actions_supported: GRANT_MANAGEMENT_ACTIONS_SUPPORTED,
      grant_management_action_required: false,
    };
  }

  jwks() {
    return this.keys.jwks();
  }

  /** RFC 7033 §4 with OIDC Discovery §2: acct:user@host → this AS's issuer. */
  async webfinger(resource: unknown, rel: unknown) {
    // RFC 7033 §4.2: an absent or malformed resource is a bad request; an unknown one is not found.
    if (typeof resource !== 'string' || !/^[a-z][a-z0-9+.-]*:\S+$/i.test(resource)) throw new InvalidRequestError('resource is required: a URI such as acct:nat@host');
    const match = /^acct:([^@]+)@(.+)$/.exec(resource);
    if (!match || match[2].toLowerCase() !== this.config.publicHost.toLowerCase() || !(await this.users.findByUsername(match[1]))) {
      throw new NotFoundError('unknown resource');
    }
    const rels = rel === undefined ? [] : Array.isArray(rel) ? rel : [rel];
    const links = rels.length === 0 || rels.includes(ISSUER_REL) ? [{ rel: ISSUER_REL, href: this.urls.issuer }] : [];
    return { subject: resource, links };
  }
}

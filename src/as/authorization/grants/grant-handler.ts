import type { AccountInformationDetail } from '../../core/authorization-details.js';
import type { AsClientEntity } from '../../entities/as-client.entity.js';
import type { TokenRequestDto } from '../token-request.dto.js';

/** The successful token response (RFC 6749 §5.1), plus Steward's intro_endpoint. */
export interface TokenResponseBody {
  access_token: string;
  token_type: 'Bearer' | 'DPoP';
  expires_in: number;
  refresh_token?: string;
  scope: string;
  /** Grant Management for OAuth 2.0 §5.5: the grant these tokens hang from. */
  grant_id: string;
  /** RFC 9396 §7: the authorization details granted. */
  authorization_details?: AccountInformationDetail[];
  intro_endpoint?: string;
}

export interface GrantHandler {
  /** `jkt`: the thumbprint of the key of the request's DPoP proof, if it had one (RFC 9449 §5). */
  handle(client: AsClientEntity, params: TokenRequestDto, jkt?: string): Promise<TokenResponseBody>;
}

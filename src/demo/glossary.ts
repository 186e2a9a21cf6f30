/** One line for each parameter the trace shows, with the section that defines it. */
export interface GlossaryEntry {
  text: string;
  ref: string;
  url: string;
}

const rfc = (n: number, section: string) => `https://www.rfc-editor.org/rfc/rfc${n}#section-${section}`;
const UMA_FEDAUTHZ = 'https://docs.kantarainitiative.org/uma/wg/rec-oauth-uma-federated-authz-2.0.html';

export const GLOSSARY: Record<string, GlossaryEntry> = {
  response_type: { text: '"code": the authorization code flow, the only one this AS offers.', ref: 'RFC 6749 §3.1.1', url: rfc(6749, '3.1.1') },
  client_id: { text: 'Who the app is at this AS; issued at registration.', ref: 'RFC 6749 §2.2', url: rfc(6749, '2.2') },
  redirect_uri: { text: 'Where the browser brings the code back; must equal a registered URI exactly.', ref: 'RFC 6749 §3.1.2', url: rfc(6749, '3.1.2') },
  scope: { text: 'What is asked for: accounts:read, transactions:read, or uma_protection for a bank.', ref: 'RFC 6749 §3.3', url: rfc(6749, '3.3') },
  state: { text: 'A random value the client checks on return, binding the answer to this browser (CSRF).', ref: 'RFC 6749 §10.12', url: rfc(6749, '10.12') },
  code_challenge: { text: 'SHA-256 of a secret the client keeps (PKCE): a stolen code is useless without it.', ref: 'RFC 7636 §4.2', url: rfc(7636, '4.2') },
  code_challenge_method: { text: 'S256, the only method accepted.', ref: 'RFC 7636 §4.3', url: rfc(7636, '4.3') },
  code_verifier: { text: 'The PKCE secret itself, shown only at the token endpoint.', ref: 'RFC 7636 §4.5', url: rfc(7636, '4.5') },
  code: { text: 'The authorization code: single use, 60 seconds, bound to client, redirect URI and PKCE.', ref: 'RFC 6749 §4.1.2', url: rfc(6749, '4.1.2') },
  iss: { text: 'Who issued this answer: the client checks it is the AS it asked (mix-up defence).', ref: 'RFC 9207 §2', url: rfc(9207, '2') },
  grant_type: { text: 'authorization_code to redeem a code, refresh_token to renew.', ref: 'RFC 6749 §4.1.3', url: rfc(6749, '4.1.3') },
  refresh_token: { text: 'Renews access without the person; rotates on every use.', ref: 'RFC 6749 §6', url: rfc(6749, '6') },
  access_token: { text: 'What a client presents as "Authorization: Bearer …".', ref: 'RFC 6750 §2.1', url: rfc(6750, '2.1') },
  token_type: { text: 'Bearer: whoever holds it may use it (so it travels only over TLS, never in URLs); DPoP: only with a proof of the key it is bound to.', ref: 'RFC 9449 §5', url: rfc(9449, '5') },
  expires_in: { text: 'Seconds the token lives.', ref: 'RFC 6749 §5.1', url: rfc(6749, '5.1') },
  intro_endpoint: { text: "Where Intro lives: it answers with every shared account's endpoint and its own token (Steward).", ref: 'Steward', url: '/#intro' },
  endpoint: { text: "The account's API at its bank (FDX v6).", ref: 'Steward / FDX v6', url: '/#intro' },
  token: { text: 'The token being revoked or introspected.', ref: 'RFC 7009 §2.1', url: rfc(7009, '2.1') },
  token_type_hint: { text: 'access_token or refresh_token: where to look first.', ref: 'RFC 7009 §2.1', url: rfc(7009, '2.1') },
  active: { text: 'Whether the AS still stands behind this token.', ref: 'RFC 7662 §2.2', url: rfc(7662, '2.2') },
  permissions: { text: 'Which registered resource and scopes the token opens.', ref: 'UMA 2.0 FedAuthz §5.1.1', url: UMA_FEDAUTHZ },
  resource_scopes: { text: 'What can be done with this account.', ref: 'UMA 2.0 FedAuthz §3.1', url: UMA_FEDAUTHZ },
  _id: { text: 'The id the AS gave the registered account.', ref: 'UMA 2.0 FedAuthz §3.2.1', url: UMA_FEDAUTHZ },
  redirect_uris: { text: 'The only addresses codes may be sent to.', ref: 'RFC 7591 §2', url: rfc(7591, '2') },
  client_name: { text: 'The name the client chose for itself: shown, never trusted.', ref: 'RFC 7591 §2', url: rfc(7591, '2') },
  client_secret: { text: 'Proves the client at the token endpoint; stored by the AS only as a hash.', ref: 'RFC 6749 §2.3.1', url: rfc(6749, '2.3.1') },
  token_endpoint_auth_method: { text: 'How the client proves itself: client_secret_basic here.', ref: 'RFC 7591 §2', url: rfc(7591, '2') },
  resource_server: { text: "The bank's own base URL: the audience of tokens for its accounts (Steward).", ref: 'Steward', url: '/#how' },
  issuer: { text: "The AS's identifier; the metadata's issuer must equal the one asked for.", ref: 'RFC 8414 §3.3', url: rfc(8414, '3.3') },
  resource: { text: 'The acct: URI being looked up.', ref: 'RFC 7033 §4.1', url: rfc(7033, '4.1') },
  rel: { text: 'Which link is wanted: the OpenID issuer.', ref: 'RFC 7033 §4.3', url: rfc(7033, '4.3') },
  decision: { text: 'The person\'s answer on the consent page: allow or deny.', ref: 'Steward', url: '/#story' },
  history_months: { text: 'How far back the app may read.', ref: 'Steward', url: '/#story' },
  duration: { text: 'How long the access lasts.', ref: 'Steward', url: '/#story' },
  username: { text: 'The person signing in (demo: nat).', ref: 'Steward', url: '/#story' },
  password: { text: 'Checked against a scrypt hash; never logged.', ref: 'Steward', url: '/#story' },
  client_assertion: { text: 'A JWT the client signed with its own key, in place of a secret (private_key_jwt); aud is the AS issuer (FAPI 2.0).', ref: 'RFC 7523 §2.2', url: rfc(7523, '2.2') },
  client_assertion_type: { text: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer: the client authenticates with a signed JWT.', ref: 'RFC 7523 §2.2', url: rfc(7523, '2.2') },
  request_uri: { text: 'The handle of an authorization request the client pushed over the back channel: the browser carries nothing else.', ref: 'RFC 9126 §2.2', url: rfc(9126, '2.2') },
  dpop_jkt: { text: 'Thumbprint of the DPoP key the code will be bound to: only that key can redeem it.', ref: 'RFC 9449 §10', url: rfc(9449, '10') },
  jwks: { text: "The client's public keys, which the AS checks its client assertions with.", ref: 'RFC 7591 §2', url: rfc(7591, '2') },
  _csrf: { text: "A per-session token in every form, so another site cannot post on the person's behalf.", ref: 'OWASP CSRF', url: 'https://cheatsheetseries.owasp.org/cheatsheets/Cross-Site_Request_Forgery_Prevention_Cheat_Sheet.html' },
};

/** What each JWT claim means, for the decoded view. */
export const CLAIMS: Record<string, string> = {
  iss: 'issuer: the AS that signed it',
  sub: 'subject: the person',
  aud: 'audience: the one bank that may accept it',
  client_id: 'the app it was issued to',
  scope: 'what it allows',
  resource_id: 'the registered account it opens',
  grant_id: 'the consent it comes from',
  history_from: 'the earliest transaction date the app may read',
  iat: 'issued at',
  exp: 'expires at',
  jti: 'unique id of this token (a DPoP proof or client assertion is refused if seen twice)',
  cnf: 'confirmation: jkt, the thumbprint of the DPoP key the token is bound to (RFC 9449 §6)',
  htm: 'DPoP proof: the HTTP method of the request it was made for',
  htu: 'DPoP proof: the URL (no query) of the request it was made for',
  ath: 'DPoP proof: SHA-256 of the access token it goes with',
  nonce: 'DPoP proof: the nonce the server last gave (RFC 9449 §8)',
};

import type OAuth2Strategy from 'passport-oauth2';
import { OutboundError, OutboundResponse } from '../common/http/http-client.js';

type TokenCallback = (err: unknown, accessToken?: string, refreshToken?: string, params?: Record<string, unknown>) => void;

/**
 * passport-oauth2 redeems the code through node-oauth, which opens its own connection: no SSRF check, no
 * timeout, no size bound — and the token endpoint comes from an AS's metadata. This hands that one request
 * (RFC 6749 §4.1.3) to the shared OAuth client instead (Steward's guarded HttpClient, the client's own
 * authentication, a DPoP proof for a FAPI client), keeping passport-oauth2's contract: node-oauth's callback
 * arguments, and `{ statusCode, data }` for an error answer so the strategy reports it as before.
 */
export function exchangeCodeThrough(strategy: OAuth2Strategy, tokenCall: (form: Record<string, string>) => Promise<OutboundResponse<Record<string, unknown>>>): OAuth2Strategy {
  const oauth2 = (strategy as unknown as { _oauth2: { getOAuthAccessToken: unknown } })._oauth2;
  oauth2.getOAuthAccessToken = (code: string, params: Record<string, string>, callback: TokenCallback) => {
    // The client authenticates as it registered (tokenCall adds it): never with node-oauth's client_secret.
    const form: Record<string, string> = { ...params, code };
    delete form.client_secret;
    tokenCall(form)
      .then(({ status, body }) => {
        if (status !== 200 || !body || typeof body !== 'object') return callback({ statusCode: status, data: JSON.stringify(body ?? {}) });
        const { refresh_token: refreshToken, ...rest } = body;
        callback(null, body.access_token as string | undefined, refreshToken as string | undefined, rest);
      })
      .catch((err: unknown) => callback(err));
  };
  return strategy;
}

/** What to tell the person when the code exchange failed. */
export function describeTokenError(err: Error & { oauthError?: unknown }): string {
  if (err.oauthError instanceof OutboundError) return `The authorization server did not answer the code exchange (${err.oauthError.message.replace(/^\w+ \S+: /, '')})`;
  try {
    const data = (err.oauthError as { data?: string } | undefined)?.data;
    const body = JSON.parse(data ?? '{}') as { error?: string; error_description?: string };
    if (body.error) return `The authorization server refused the code: ${body.error}${body.error_description ? ` (${body.error_description})` : ''}`;
  } catch {
    // not JSON
  }
  return err.message;
}

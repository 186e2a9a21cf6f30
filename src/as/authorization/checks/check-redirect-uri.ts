import { PageError } from '../../../common/errors/page.errors.js';
import { CheckContext } from '../authorization-request.js';

/**
 * RFC 9700 §4.1.3: redirect URIs are compared by exact string match. A missing or unregistered one
 * gets an error page: the AS MUST NOT redirect to an unvalidated URI (RFC 6749 §4.1.2.1).
 */
export function checkRedirectUri(ctx: CheckContext): void {
  const uri = ctx.query.redirect_uri;
  if (typeof uri !== 'string' || !ctx.client?.redirectUris.includes(uri)) {
    throw new PageError(400, 'Invalid redirect URI', 'The app asked to send you back to an address it has not registered, so this request stops here.');
  }
  ctx.redirectUri = uri;
  const state = ctx.query.state;
  if (typeof state === 'string') ctx.state = state;
}

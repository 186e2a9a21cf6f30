import { InvalidRequestError } from '../../../common/errors/oauth.errors.js';
import { CheckContext } from '../authorization-request.js';
import { singleValue } from './single-value.js';

/** RFC 9449 §10: dpop_jkt, the RFC 7638 thumbprint (SHA-256, base64url: 43 characters) the code will be bound to. */
export function checkDpopJkt(ctx: CheckContext): void {
  const jkt = singleValue(ctx.query, 'dpop_jkt');
  if (jkt === undefined) return;
  if (!/^[A-Za-z0-9_-]{43}$/.test(jkt)) throw new InvalidRequestError('dpop_jkt must be a JWK SHA-256 thumbprint (RFC 7638)');
  ctx.dpopJkt = jkt;
}

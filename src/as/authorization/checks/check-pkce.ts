import { InvalidRequestError } from '../../../common/errors/oauth.errors.js';
import { CheckContext } from '../authorization-request.js';
import { singleValue } from './single-value.js';

/**
 * RFC 7636 §4.3 with RFC 9700 §2.1.1: PKCE is required of every client, and only S256 is accepted
 * (a missing method would mean "plain", so it is refused too).
 */
export function checkPkce(ctx: CheckContext): void {
  const challenge = singleValue(ctx.query, 'code_challenge');
  const method = singleValue(ctx.query, 'code_challenge_method');
  if (challenge === undefined) throw new InvalidRequestError('code_challenge is required (PKCE)');
  if (method !== 'S256') throw new InvalidRequestError('code_challenge_method must be S256');
  if (!/^[A-Za-z0-9\-._~]{43,128}$/.test(challenge)) throw new InvalidRequestError('code_challenge is malformed');
  ctx.codeChallenge = challenge;
}

import { InvalidRequestError, UnsupportedResponseTypeError } from '../../../common/errors/oauth.errors.js';
import { CheckContext } from '../authorization-request.js';
import { singleValue } from './single-value.js';

/** Only the authorization code flow (RFC 9700 §2.1.2: no implicit grant). */
export function checkResponseType(ctx: CheckContext): void {
  const responseType = singleValue(ctx.query, 'response_type');
  if (responseType === undefined) throw new InvalidRequestError('response_type is required');
  if (responseType !== 'code') throw new UnsupportedResponseTypeError('only response_type=code is supported');
}

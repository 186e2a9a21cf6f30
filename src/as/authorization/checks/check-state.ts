import { InvalidRequestError } from '../../../common/errors/oauth.errors.js';
import { CheckContext } from '../authorization-request.js';
import { singleValue } from './single-value.js';

export function checkState(ctx: CheckContext): void {
  const state = singleValue(ctx.query, 'state');
  if (state !== undefined && (state.length === 0 || state.length > 512)) throw new InvalidRequestError('state must be 1 to 512 characters');
}

import { InvalidScopeError } from '../../../common/errors/oauth.errors.js';
import { isAccountScope, parseScope, PROTECTION_SCOPE, SUPPORTED_SCOPES } from '../../core/scopes.js';
import { scopesOf } from '../../core/authorization-details.js';
import { CheckContext } from '../authorization-request.js';
import { singleValue } from './single-value.js';

/**
 * RFC 6749 §3.3: known scopes the client registered; a PAT (uma_protection) is never mixed with data scopes.
 * RFC 9396 §3.1: the scopes the authorization details stand for join the scope (which may then be absent).
 */
export function checkScope(ctx: CheckContext): void {
  const scope = [...new Set([...parseScope(singleValue(ctx.query, 'scope')), ...scopesOf(ctx.authorizationDetails ?? [])])];
  if (scope.length === 0) throw new InvalidScopeError('scope is required');
  const unknown = scope.filter((s) => !SUPPORTED_SCOPES.includes(s));
  if (unknown.length) throw new InvalidScopeError(`unknown scope: ${unknown.join(' ')}`);
  const allowed = parseScope(ctx.client?.scope);
  const notAllowed = scope.filter((s) => !allowed.includes(s));
  if (notAllowed.length) throw new InvalidScopeError(`this client did not register scope ${notAllowed.join(' ')}`);
  if (scope.includes(PROTECTION_SCOPE) && scope.some(isAccountScope)) {
    throw new InvalidScopeError('uma_protection cannot be combined with account scopes');
  }
  ctx.scope = scope;
}

import { CheckContext } from '../authorization-request.js';
import { checkAuthorizationDetails } from './check-authorization-details.js';
import { checkDpopJkt } from './check-dpop-jkt.js';
import { checkGrantManagement } from './check-grant-management.js';
import { checkPkce } from './check-pkce.js';
import { checkResponseType } from './check-response-type.js';
import { checkScope } from './check-scope.js';
import { checkState } from './check-state.js';

/** The checks of an authorization request once its client and redirect_uri are known (front channel or PAR). */
export function checkParameters(ctx: CheckContext): void {
  checkState(ctx);
  checkResponseType(ctx);
  checkAuthorizationDetails(ctx);
  checkScope(ctx);
  checkPkce(ctx);
  checkDpopJkt(ctx);
  checkGrantManagement(ctx);
}

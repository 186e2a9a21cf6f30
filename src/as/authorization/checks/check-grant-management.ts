import { InvalidGrantIdError, InvalidRequestError } from '../../../common/errors/oauth.errors.js';
import { GRANT_MANAGEMENT_ACTIONS, GrantManagementAction } from '../../grant-management/grant-management-action.js';
import { CheckContext } from '../authorization-request.js';
import { singleValue } from './single-value.js';

/**
 * Grant Management for OAuth 2.0 §5.2 and §5.4, the shape of the request (whether the grant is this
 * client's is checked against the store afterwards): an action this AS supports, else invalid_request;
 * grant_id with `create`, or without an action, is invalid_request; merge and replace need a grant_id.
 * No action: `create`, today's behaviour (§7.1 grant_management_action_required is false).
 */
export function checkGrantManagement(ctx: CheckContext): void {
  const action = singleValue(ctx.query, 'grant_management_action');
  const grantId = singleValue(ctx.query, 'grant_id');
  if (action === undefined) {
    if (grantId !== undefined) throw new InvalidRequestError('grant_id was given without a grant_management_action (merge or replace)');
    return;
  }
  if (!(GRANT_MANAGEMENT_ACTIONS as readonly string[]).includes(action)) throw new InvalidRequestError(`grant_management_action ${action} is not supported (create, merge or replace)`);
  if (action === 'create') {
    if (grantId !== undefined) throw new InvalidRequestError('grant_id must not be given with grant_management_action=create');
    ctx.grantManagement = { action: 'create' };
    return;
  }
  if (!grantId) throw new InvalidRequestError(`grant_management_action=${action} needs the grant_id of the grant to change`);
  if (grantId.length > 64) throw new InvalidGrantIdError('grant_id names no grant of this client');
  ctx.grantManagement = { action: action as Exclude<GrantManagementAction, 'create'>, grantId };
}

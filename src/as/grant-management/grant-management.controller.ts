import { Controller, Delete, Get, Header, HttpCode, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { GrantBody, OAuthErrorBody } from '../../api-docs/schemas.js';
import { AsBearer, BearerGrant } from '../core/as-bearer.guard.js';
import type { BearerContext } from '../core/bearer-auth.service.js';
import { GRANT_MANAGEMENT_QUERY, GRANT_MANAGEMENT_REVOKE } from '../core/scopes.js';
import { GrantManagementService } from './grant-management.service.js';

const GRANT_ID = { name: 'grantId', description: 'The grant_id of a token response (§5.5).' };

/** Grant Management for OAuth 2.0 §6.3: the grant's URL is the grant management endpoint + "/" + grant_id. */
@ApiTags('Grant Management')
@ApiBearerAuth('client-token')
@ApiUnauthorizedResponse({ type: OAuthErrorBody, description: '§6.6: no valid access token (invalid_token).' })
@ApiForbiddenResponse({ type: OAuthErrorBody, description: '§6.6: the token lacks the scope (insufficient_scope).' })
@ApiNotFoundResponse({ type: OAuthErrorBody, description: '§6.6: no such grant of this client and person, or ended.' })
@Controller('as/grants')
export class GrantManagementController {
  constructor(private readonly service: GrantManagementService) {}

  /** §6.4 query: needs scope grant_management_query. */
  @Get(':grantId')
  @ApiOperation({ summary: 'Read the grant (§6.4; scope grant_management_query)' })
  @ApiParam(GRANT_ID)
  @ApiOkResponse({ type: GrantBody })
  @AsBearer(GRANT_MANAGEMENT_QUERY)
  @Header('Cache-Control', 'no-store')
  query(@BearerGrant() bearer: BearerContext, @Param('grantId') grantId: string) {
    return this.service.query(bearer, grantId);
  }

  /** §6.5 revoke: needs scope grant_management_revoke; 204. */
  @Delete(':grantId')
  @ApiOperation({ summary: 'End the grant and its tokens; its banks hear it by push (§6.5; scope grant_management_revoke)' })
  @ApiParam(GRANT_ID)
  @ApiNoContentResponse({ description: 'Revoked.' })
  @AsBearer(GRANT_MANAGEMENT_REVOKE)
  @HttpCode(204)
  async revoke(@BearerGrant() bearer: BearerContext, @Param('grantId') grantId: string): Promise<void> {
    await this.service.revoke(bearer, grantId);
  }
}

import { Controller, Delete, Get, Header, HttpCode, Param } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { AsBearer, BearerGrant } from '../core/as-bearer.guard.js';
import type { BearerContext } from '../core/bearer-auth.service.js';
import { GRANT_MANAGEMENT_QUERY, GRANT_MANAGEMENT_REVOKE } from '../core/scopes.js';
import { GrantManagementService } from './grant-management.service.js';

/** Grant Management for OAuth 2.0 §6.3: the grant's URL is the grant management endpoint + "/" + grant_id. */
@ApiExcludeController()
@Controller('as/grants')
export class GrantManagementController {
  constructor(private readonly service: GrantManagementService) {}

  /** §6.4 query: needs scope grant_management_query. */
  @Get(':grantId')
  @AsBearer(GRANT_MANAGEMENT_QUERY)
  @Header('Cache-Control', 'no-store')
  query(@BearerGrant() bearer: BearerContext, @Param('grantId') grantId: string) {
    return this.service.query(bearer, grantId);
  }

  /** §6.5 revoke: needs scope grant_management_revoke; 204. */
  @Delete(':grantId')
  @AsBearer(GRANT_MANAGEMENT_REVOKE)
  @HttpCode(204)
  async revoke(@BearerGrant() bearer: BearerContext, @Param('grantId') grantId: string): Promise<void> {
    await this.service.revoke(bearer, grantId);
  }
}

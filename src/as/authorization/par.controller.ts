import { Body, Controller, Header, HttpCode, Post, Req, UseGuards } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBasicAuth, ApiBody, ApiConsumes, ApiCreatedResponse, ApiOperation, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { Request } from 'express';
import { OAuthErrorBody, ParRequestBody, ParResponseBody } from '../../api-docs/schemas.js';
import { FormEncodedGuard } from '../../common/guards/form-encoded.guard.js';
import { ClientCreds } from '../core/client-credentials.decorator.js';
import type { ClientCredentials } from '../core/client.service.js';
import { ParService } from './par.service.js';

/** RFC 9126 §2: the pushed authorization request endpoint. */
@ApiTags('Pushed authorization requests')
@Controller('as')
export class ParController {
  constructor(private readonly service: ParService) {}

  @Post('par')
  @ApiOperation({ summary: 'Push an authorization request (RFC 9126 §2); use the request_uri at /as/authorize' })
  @ApiBasicAuth('client-secret-basic')
  @ApiConsumes('application/x-www-form-urlencoded')
  @ApiBody({ type: ParRequestBody })
  @ApiCreatedResponse({ type: ParResponseBody })
  @ApiBadRequestResponse({ type: OAuthErrorBody, description: 'RFC 9126 §2.3: invalid_request, invalid_scope, invalid_authorization_details, invalid_grant_id (Grant Management §5.4), invalid_dpop_proof.' })
  @ApiUnauthorizedResponse({ type: OAuthErrorBody, description: 'invalid_client' })
  @HttpCode(201)
  @UseGuards(FormEncodedGuard)
  @Header('Cache-Control', 'no-store')
  push(@ClientCreds() creds: ClientCredentials, @Body() body: Record<string, unknown>, @Req() req: Request) {
    return this.service.push(creds, body, req.headers.dpop);
  }
}

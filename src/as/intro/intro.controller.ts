import { Controller, Get, Header, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags, ApiUnauthorizedResponse, getSchemaPath } from '@nestjs/swagger';
import { IntroEntrySchema, OAuthErrorBody } from '../../api-docs/schemas.js';
import { AcceptsDpop, AsBearer, BearerGrant } from '../core/as-bearer.guard.js';
import type { BearerContext } from '../core/bearer-auth.service.js';
import { ACCOUNT_SCOPES } from '../core/scopes.js';
import { IntroService } from './intro.service.js';

const INTRO_ANSWER = {
  description: "For every account the person shared with this client, under a label for people: the account's endpoint at its bank, a token for that bank alone, and the bank's identifier and name.",
  schema: { type: 'object' as const, additionalProperties: { $ref: getSchemaPath(IntroEntrySchema) } },
};
const INTRO_REFUSED = {
  description:
    'RFC 6750 §3.1: no, unknown, expired or revoked token (WWW-Authenticate: Bearer error="invalid_token"); for a DPoP-bound token (RFC 9449 §7.1), a missing or wrong proof (WWW-Authenticate: DPoP error="invalid_dpop_proof").',
  type: OAuthErrorBody,
};

/** Intro (the seed's introspection service for clients): bank endpoints and per-bank tokens. */
@ApiTags('Intro')
@ApiBearerAuth('client-token')
@Controller('as/intro')
@AsBearer(...ACCOUNT_SCOPES)
@AcceptsDpop('/intro')
export class IntroController {
  constructor(private readonly service: IntroService) {}

  @Get()
  @ApiOperation({ summary: 'Where the data is: every shared account, with its bank endpoint and a per-bank token' })
  @ApiOkResponse(INTRO_ANSWER)
  @ApiUnauthorizedResponse(INTRO_REFUSED)
  @Header('Cache-Control', 'no-store')
  get(@BearerGrant() bearer: BearerContext) {
    return this.service.intro(bearer);
  }

  @Post()
  @ApiOperation({ summary: 'The same as GET' })
  @ApiOkResponse(INTRO_ANSWER)
  @ApiUnauthorizedResponse(INTRO_REFUSED)
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  post(@BearerGrant() bearer: BearerContext) {
    return this.service.intro(bearer);
  }
}

import { Controller, Get, Header, HttpCode, Post } from '@nestjs/common';
import { AsBearer, BearerGrant } from '../core/as-bearer.guard.js';
import type { BearerContext } from '../core/bearer-auth.service.js';
import { ACCOUNT_SCOPES } from '../core/scopes.js';
import { IntroService } from './intro.service.js';

/** Intro (the seed's introspection service for clients): bank endpoints and per-bank tokens. */
@Controller('as/intro')
@AsBearer(...ACCOUNT_SCOPES)
export class IntroController {
  constructor(private readonly service: IntroService) {}

  @Get()
  @Header('Cache-Control', 'no-store')
  get(@BearerGrant() bearer: BearerContext) {
    return this.service.intro(bearer);
  }

  @Post()
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  post(@BearerGrant() bearer: BearerContext) {
    return this.service.intro(bearer);
  }
}

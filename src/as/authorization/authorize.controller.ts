import { Controller, Get, Query, Redirect } from '@nestjs/common';
import { Session } from '../../common/session/session.decorators.js';
import type { WebSession } from '../../common/session/web-session.js';
import { AsSession } from './as-session.js';
import { AuthorizationService } from './authorization.service.js';

/** RFC 6749 §3.1 authorization endpoint. */
@Controller('as')
@AsSession()
export class AuthorizeController {
  constructor(private readonly service: AuthorizationService) {}

  @Get('authorize')
  @Redirect()
  async authorize(@Query() query: Record<string, unknown>, @Session() session: WebSession) {
    return { url: await this.service.start(query, session), statusCode: 303 };
  }
}

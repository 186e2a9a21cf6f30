import { Body, Controller, Get, Param, Post, Redirect, Render } from '@nestjs/common';
import { Session } from '../../common/session/session.decorators.js';
import type { WebSession } from '../../common/session/web-session.js';
import { AsSession } from './as-session.js';
import { AuthorizationService } from './authorization.service.js';
import { ConsentDto } from './authorization.dto.js';

/** The consent dialogue: "Grapher wants your data at: …" (seed steps [6]–[9]). */
@Controller('as/consent')
@AsSession()
export class ConsentController {
  constructor(private readonly service: AuthorizationService) {}

  @Get(':rid')
  @Render('as/consent')
  page(@Session() session: WebSession, @Param('rid') rid: string) {
    return this.service.consentPage(session, rid);
  }

  @Post(':rid')
  @Redirect()
  async decide(@Session() session: WebSession, @Param('rid') rid: string, @Body() body: ConsentDto) {
    return { url: await this.service.decide(session, rid, body), statusCode: 303 };
  }
}

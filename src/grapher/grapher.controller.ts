import { Body, Controller, Get, Post, Query, Redirect, Render, Req } from '@nestjs/common';
import { Session, UseSession } from '../common/session/session.decorators.js';
import type { RequestWithSession } from '../common/session/session.decorators.js';
import type { WebSession } from '../common/session/web-session.js';
import { ConnectDto, GrapherCsrfDto, PictureQueryDto } from './grapher.dto.js';
import { GrapherService } from './grapher.service.js';
import { PictureService } from './picture.service.js';

/** Grapher, the new app of the story, at /grapher. */
@Controller('grapher')
@UseSession(() => ({ name: 'grapher', path: '/grapher' }))
export class GrapherController {
  constructor(
    private readonly service: GrapherService,
    private readonly pictures: PictureService,
  ) {}

  @Get()
  @Render('grapher/home')
  home(@Session() session: WebSession) {
    return this.service.home(session);
  }

  /** The "AS" button. */
  @Post('connect')
  @Redirect()
  async connect(@Req() req: RequestWithSession, @Session() session: WebSession, @Body() body: ConnectDto) {
    session.assertCsrf(body._csrf);
    return { url: await this.service.connect(req, body.issuer), statusCode: 303 };
  }

  @Get('callback')
  @Redirect()
  async callback(@Req() req: RequestWithSession) {
    return { url: await this.service.callback(req), statusCode: 303 };
  }

  @Get('picture')
  @Render('grapher/picture')
  picture(@Session() session: WebSession, @Query() query: PictureQueryDto) {
    return this.pictures.picture(session, query.months ?? 12);
  }

  @Post('disconnect')
  @Redirect()
  async disconnect(@Session() session: WebSession, @Body() body: GrapherCsrfDto) {
    session.assertCsrf(body._csrf);
    return { url: await this.service.disconnect(session), statusCode: 303 };
  }
}

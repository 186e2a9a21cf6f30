import { Body, Controller, Get, Param, Post, Redirect, Render } from '@nestjs/common';
import { Session } from '../../common/session/session.decorators.js';
import type { WebSession } from '../../common/session/web-session.js';
import { AsSession } from '../authorization/as-session.js';
import { CsrfDto } from '../authorization/authorization.dto.js';
import { AccountService } from './account.service.js';

/** The person's dashboard: banks, connected apps, activity. */
@Controller('as/account')
@AsSession()
export class AccountController {
  constructor(private readonly service: AccountService) {}

  @Get()
  @Render('as/account')
  dashboard(@Session() session: WebSession) {
    return this.service.dashboard(session);
  }

  @Post('grants/:id/revoke')
  @Redirect()
  async revoke(@Session() session: WebSession, @Param('id') id: string, @Body() body: CsrfDto) {
    session.assertCsrf(body._csrf);
    return { url: await this.service.revokeGrant(session, id), statusCode: 303 };
  }

  @Post('resources/:id/remove')
  @Redirect()
  async remove(@Session() session: WebSession, @Param('id') id: string, @Body() body: CsrfDto) {
    session.assertCsrf(body._csrf);
    return { url: await this.service.removeAccount(session, id), statusCode: 303 };
  }
}

import { Controller, Get, Param, Post, Redirect, Render, UseGuards } from '@nestjs/common';
import { CurrentUser } from '../../common/session/current-person.js';
import { Session } from '../../common/session/session.decorators.js';
import type { WebSession } from '../../common/session/web-session.js';
import { AsSession, SignedInGuard } from '../authorization/as-session.js';
import { AccountService } from './account.service.js';

/** The person's dashboard: banks, connected apps, activity. */
@Controller('as/account')
@AsSession()
@UseGuards(SignedInGuard)
export class AccountController {
  constructor(private readonly service: AccountService) {}

  @Get()
  @Render('as/account')
  dashboard(@Session() session: WebSession, @CurrentUser() userId: string) {
    return this.service.dashboard(session, userId);
  }

  @Post('grants/:id/revoke')
  @Redirect()
  async revoke(@Session() session: WebSession, @CurrentUser() userId: string, @Param('id') id: string) {
    return { url: await this.service.revokeGrant(session, userId, id), statusCode: 303 };
  }

  @Post('resources/:id/remove')
  @Redirect()
  async remove(@Session() session: WebSession, @CurrentUser() userId: string, @Param('id') id: string) {
    return { url: await this.service.removeAccount(session, userId, id), statusCode: 303 };
  }
}

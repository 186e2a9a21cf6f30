import { Controller, Get, Header, Param, Post, Redirect, Render, Res, UseGuards } from '@nestjs/common';
import type { Response } from 'express';
import { CurrentUser } from '../../common/session/current-person.js';
import { Session } from '../../common/session/session.decorators.js';
import type { WebSession } from '../../common/session/web-session.js';
import { AsSession, SignedInGuard } from '../authorization/as-session.js';
import { AccountService } from './account.service.js';
import { ConsentReceiptService } from './consent-receipt.service.js';

/** The person's dashboard: banks, connected apps, activity. */
@Controller('as/account')
@AsSession()
@UseGuards(SignedInGuard)
export class AccountController {
  constructor(
    private readonly service: AccountService,
    private readonly receipts: ConsentReceiptService,
  ) {}

  @Get()
  @Render('as/account')
  dashboard(@Session() session: WebSession, @CurrentUser() userId: string) {
    return this.service.dashboard(session, userId);
  }

  /** The grant's signed consent receipt (a JWS, verifiable against the AS's JWKS), as a download. */
  @Get('grants/:id/receipt')
  @Header('Cache-Control', 'no-store')
  async receipt(@CurrentUser() userId: string, @Param('id') id: string, @Res({ passthrough: true }) res: Response): Promise<string> {
    const jws = await this.receipts.receipt(userId, id);
    res.attachment(`consent-receipt-${id}.jwt`).type('application/jwt');
    return jws;
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

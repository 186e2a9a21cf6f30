import { Body, Controller, Get, Ip, Param, Post, Query, Redirect, Render } from '@nestjs/common';
import { Session } from '../common/session/session.decorators.js';
import type { WebSession } from '../common/session/web-session.js';
import { BankPipe, BankSession } from './bank-directory.js';
import type { Bank } from './bank-directory.js';
import { BankCsrfDto, BankLoginDto, DelegateDto } from './bank-pages.dto.js';
import { BankPagesService } from './bank-pages.service.js';

/** Phase 1 at the bank: the customer signs in and delegates accounts to their AS. */
@Controller('banks/:bankId')
@BankSession()
export class BankPagesController {
  constructor(private readonly service: BankPagesService) {}

  @Get()
  @Render('banks/home')
  home(@Param('bankId', BankPipe) bank: Bank, @Session() session: WebSession) {
    return this.service.home(bank, session);
  }

  @Post('login')
  @Redirect()
  async login(@Param('bankId', BankPipe) bank: Bank, @Session() session: WebSession, @Body() body: BankLoginDto, @Ip() ip: string) {
    session.assertCsrf(body._csrf);
    return { url: await this.service.login(bank, session, body.username, body.password, ip), statusCode: 303 };
  }

  @Post('logout')
  @Redirect()
  logout(@Param('bankId', BankPipe) bank: Bank, @Session() session: WebSession, @Body() body: BankCsrfDto) {
    session.assertCsrf(body._csrf);
    return { url: this.service.logout(bank, session), statusCode: 303 };
  }

  @Post('delegate')
  @Redirect()
  async delegate(@Param('bankId', BankPipe) bank: Bank, @Session() session: WebSession, @Body() body: DelegateDto) {
    session.assertCsrf(body._csrf);
    return { url: await this.service.delegate(bank, session, body.issuer), statusCode: 303 };
  }

  @Post('accounts/:accountId/undelegate')
  @Redirect()
  async undelegate(@Param('bankId', BankPipe) bank: Bank, @Param('accountId') accountId: string, @Session() session: WebSession, @Body() body: BankCsrfDto) {
    session.assertCsrf(body._csrf);
    return { url: await this.service.undelegate(bank, session, accountId), statusCode: 303 };
  }

  @Get('callback')
  @Redirect()
  async callback(@Param('bankId', BankPipe) bank: Bank, @Session() session: WebSession, @Query() query: Record<string, unknown>) {
    return { url: await this.service.callback(bank, session, query), statusCode: 303 };
  }
}

import { Body, Controller, Get, Ip, Param, Post, Query, Redirect, Render, UseGuards } from '@nestjs/common';
import { CurrentUser } from '../common/session/current-person.js';
import { Session } from '../common/session/session.decorators.js';
import type { WebSession } from '../common/session/web-session.js';
import { BankCustomerGuard } from './bank-customer.guard.js';
import { BankPipe, BankSession } from './bank-directory.js';
import type { Bank } from './bank-directory.js';
import { BankLoginDto, DelegateDto } from './bank-pages.dto.js';
import { BankPagesService } from './bank-pages.service.js';
import type { BankCustomerEntity } from './entities/bank-customer.entity.js';

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
    return { url: await this.service.login(bank, session, body.username, body.password, ip), statusCode: 303 };
  }

  @Post('logout')
  @Redirect()
  logout(@Param('bankId', BankPipe) bank: Bank, @Session() session: WebSession) {
    return { url: this.service.logout(bank, session), statusCode: 303 };
  }

  @Post('delegate')
  @Redirect()
  @UseGuards(BankCustomerGuard)
  async delegate(@Param('bankId', BankPipe) bank: Bank, @Session() session: WebSession, @Body() body: DelegateDto) {
    return { url: await this.service.delegate(bank, session, body.issuer), statusCode: 303 };
  }

  @Post('accounts/:accountId/undelegate')
  @Redirect()
  @UseGuards(BankCustomerGuard)
  async undelegate(@Param('bankId', BankPipe) bank: Bank, @Param('accountId') accountId: string, @Session() session: WebSession, @CurrentUser() customer: BankCustomerEntity) {
    return { url: await this.service.undelegate(bank, session, customer, accountId), statusCode: 303 };
  }

  @Get('callback')
  @Redirect()
  @UseGuards(BankCustomerGuard)
  async callback(@Param('bankId', BankPipe) bank: Bank, @Session() session: WebSession, @CurrentUser() customer: BankCustomerEntity, @Query() query: Record<string, unknown>) {
    return { url: await this.service.callback(bank, session, customer, query), statusCode: 303 };
  }
}

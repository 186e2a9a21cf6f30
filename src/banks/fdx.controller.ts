import { Controller, Get, Header, Param, Query, UseGuards } from '@nestjs/common';
import { BankPipe } from './bank-directory.js';
import type { Bank } from './bank-directory.js';
import { TransactionsQueryDto } from './fdx.dto.js';
import { FdxService } from './fdx.service.js';
import { BankOutageGuard } from './bank-outage.service.js';
import { BankToken, BankTokenGuard, RequiredScope } from './token/bank-token.guard.js';
import type { BankTokenContext } from './token/bank-token.verifier.js';

/** FDX v6 Core Exchange: one account's details and transactions, behind the delegated AS's tokens. */
@Controller('banks/:bankId/fdx/v6/accounts/:accountId')
@UseGuards(BankOutageGuard, BankTokenGuard)
export class FdxController {
  constructor(private readonly service: FdxService) {}

  @Get()
  @RequiredScope('accounts:read')
  @Header('Cache-Control', 'no-store')
  account(@Param('bankId', BankPipe) bank: Bank, @Param('accountId') accountId: string) {
    return this.service.account(bank, accountId);
  }

  @Get('transactions')
  @RequiredScope('transactions:read')
  @Header('Cache-Control', 'no-store')
  transactions(@Param('bankId', BankPipe) bank: Bank, @Param('accountId') accountId: string, @Query() query: TransactionsQueryDto, @BankToken() token: BankTokenContext) {
    return this.service.transactionsOf(bank, accountId, query, token.historyFrom);
  }
}

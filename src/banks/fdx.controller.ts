import { Controller, Get, Header, Param, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { FdxAccountSchema, FdxTransactionsSchema, OAuthErrorBody } from '../api-docs/schemas.js';
import { BankPipe } from './bank-directory.js';
import type { Bank } from './bank-directory.js';
import { TransactionsQueryDto } from './fdx.dto.js';
import { FdxService } from './fdx.service.js';
import { BankOutageGuard } from './bank-outage.service.js';
import { BankToken, BankTokenGuard, RequiredScope } from './token/bank-token.guard.js';
import type { BankTokenContext } from './token/bank-token.verifier.js';

/** FDX v6 Core Exchange: one account's details and transactions, behind the delegated AS's tokens. */
@ApiTags('FDX bank API')
@ApiBearerAuth('bank-token')
@ApiParam({ name: 'bankId', example: 'norma' })
@ApiParam({ name: 'accountId', example: '5835394' })
@ApiUnauthorizedResponse({ description: 'RFC 6750 §3.1 invalid_token: not a token of the AS this account is delegated to, for this bank and account, unexpired.', type: OAuthErrorBody })
@ApiForbiddenResponse({ description: 'RFC 6750 §3.1 insufficient_scope.', type: OAuthErrorBody })
@Controller('banks/:bankId/fdx/v6/accounts/:accountId')
@UseGuards(BankOutageGuard, BankTokenGuard)
export class FdxController {
  constructor(private readonly service: FdxService) {}

  @Get()
  @ApiOperation({ summary: 'The account, with its balances (scope accounts:read)' })
  @ApiOkResponse({ type: FdxAccountSchema })
  @RequiredScope('accounts:read')
  @Header('Cache-Control', 'no-store')
  account(@Param('bankId', BankPipe) bank: Bank, @Param('accountId') accountId: string) {
    return this.service.account(bank, accountId);
  }

  @Get('transactions')
  @ApiOperation({ summary: 'Its transactions, newest first, a page at a time (scope transactions:read)' })
  @ApiOkResponse({ type: FdxTransactionsSchema })
  @RequiredScope('transactions:read')
  @Header('Cache-Control', 'no-store')
  transactions(@Param('bankId', BankPipe) bank: Bank, @Param('accountId') accountId: string, @Query() query: TransactionsQueryDto, @BankToken() token: BankTokenContext) {
    return this.service.transactionsOf(bank, accountId, query, token.historyFrom);
  }
}

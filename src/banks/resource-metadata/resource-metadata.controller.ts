import { Controller, Get, Header, Param } from '@nestjs/common';
import { BankPipe } from '../bank-directory.js';
import type { Bank } from '../bank-directory.js';
import { ResourceMetadataService } from './resource-metadata.service.js';

const WELL_KNOWN = '.well-known/oauth-protected-resource/banks/:bankId';

/** RFC 9728 §3: GET the well-known URI of a bank, or of one of its account resources → 200 JSON. */
@Controller(WELL_KNOWN)
export class ResourceMetadataController {
  constructor(private readonly service: ResourceMetadataService) {}

  @Get()
  @Header('Cache-Control', 'public, max-age=300')
  bank(@Param('bankId', BankPipe) bank: Bank) {
    return this.service.bank(bank);
  }

  // An account's owner may delegate it elsewhere at any time: its document is not cached.
  @Get('fdx/v6/accounts/:accountId')
  @Header('Cache-Control', 'no-store')
  account(@Param('bankId', BankPipe) bank: Bank, @Param('accountId') accountId: string) {
    return this.service.account(bank, accountId, 'account');
  }

  @Get('fdx/v6/accounts/:accountId/transactions')
  @Header('Cache-Control', 'no-store')
  transactions(@Param('bankId', BankPipe) bank: Bank, @Param('accountId') accountId: string) {
    return this.service.account(bank, accountId, 'transactions');
  }
}

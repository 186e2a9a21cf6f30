import { Body, Controller, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { BankPipe } from '../bank-directory.js';
import type { Bank } from '../bank-directory.js';
import { BankOutageGuard } from '../bank-outage.service.js';
import { SetReceiverService } from './set-receiver.service.js';

/** RFC 8935 push delivery endpoint of each bank: 202 with an empty body once a SET is verified and acted on. */
@ApiExcludeController()
@Controller('banks/:bankId/ssf/events')
@UseGuards(BankOutageGuard)
export class SetReceiverController {
  constructor(private readonly receiver: SetReceiverService) {}

  @Post()
  @HttpCode(202)
  async receive(@Param('bankId', BankPipe) bank: Bank, @Body() body: unknown): Promise<void> {
    await this.receiver.receive(bank, body);
  }
}

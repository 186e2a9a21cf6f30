import { Body, Controller, HttpCode, NotFoundException, Param, Post, UseGuards } from '@nestjs/common';
import { LocalOnlyGuard } from '../common/guards/local-only.guard.js';
import { IsBoolean } from 'class-validator';
import { AppConfig } from '../config/app-config.js';
import { BankPipe } from './bank-directory.js';
import type { Bank } from './bank-directory.js';
import { BankOutageService } from './bank-outage.service.js';

class OutageDto {
  @IsBoolean() down: boolean;
}

/** DEMO ONLY (off with DEMO=off): switch a bank's data API off and on, for the "bank is down" scenario; from this machine only. */
@Controller('banks/:bankId/demo')
@UseGuards(LocalOnlyGuard)
export class BankDemoController {
  constructor(
    private readonly outage: BankOutageService,
    private readonly config: AppConfig,
  ) {}

  @Post('outage')
  @HttpCode(200)
  set(@Param('bankId', BankPipe) bank: Bank, @Body() body: OutageDto) {
    if (!this.config.demo) throw new NotFoundException();
    this.outage.set(bank.id, body.down);
    return { bank: bank.id, down: body.down };
  }
}

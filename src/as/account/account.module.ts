import { Module } from '@nestjs/common';
import { AsCoreModule } from '../core/as-core.module.js';
import { AccountController } from './account.controller.js';
import { AccountService } from './account.service.js';
import { ConsentReceiptService } from './consent-receipt.service.js';

@Module({ imports: [AsCoreModule], controllers: [AccountController], providers: [AccountService, ConsentReceiptService] })
export class AccountModule {}

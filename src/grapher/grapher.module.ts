import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { BankDataService } from './bank-data.service.js';
import { CategoryOverridesService } from './category-overrides.service.js';
import { ChartAssetsService } from './chart-assets.service.js';
import { GRAPHER_ENTITIES } from './entities/grapher.entities.js';
import { ExportService } from './export.service.js';
import { GrapherOAuthService } from './grapher-oauth.service.js';
import { GrapherController } from './grapher.controller.js';
import { GrapherService } from './grapher.service.js';
import { PictureService } from './picture.service.js';
import { TokenVault } from './token-vault.service.js';
import { TransactionsService } from './transactions.service.js';

@Module({
  imports: [TypeOrmModule.forFeature(GRAPHER_ENTITIES)],
  controllers: [GrapherController],
  providers: [GrapherOAuthService, GrapherService, PictureService, BankDataService, ExportService, TransactionsService, CategoryOverridesService, TokenVault, ChartAssetsService],
})
export class GrapherModule {}

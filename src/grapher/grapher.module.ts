import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { BankDataService } from './bank-data.service.js';
import { ConnectionsService } from './connections.service.js';
import { ConnectionTokens } from './oauth/connection-tokens.js';
import { GrapherAs } from './oauth/grapher-as.service.js';
import { SignInService } from './oauth/sign-in.service.js';
import { TokenRefresh } from './oauth/token-refresh.service.js';
import { GrapherAsClientsRepository } from './storage/grapher-as-clients.repository.js';
import { GrapherCategoryOverridesRepository } from './storage/grapher-category-overrides.repository.js';
import { GrapherConnectionsRepository } from './storage/grapher-connections.repository.js';
import { CategoryOverridesService } from './category-overrides.service.js';
import { ChartAssetsService } from './chart-assets.service.js';
import { GRAPHER_ENTITIES } from './entities/grapher.entities.js';
import { ExportService } from './export.service.js';
import { GrapherController } from './grapher.controller.js';
import { GrapherService } from './grapher.service.js';
import { PictureService } from './picture.service.js';
import { TokenVault } from './token-vault.service.js';
import { TransactionsService } from './transactions.service.js';

@Module({
  imports: [TypeOrmModule.forFeature(GRAPHER_ENTITIES)],
  controllers: [GrapherController],
  providers: [
    GrapherAsClientsRepository,
    GrapherConnectionsRepository,
    GrapherCategoryOverridesRepository,
    ConnectionTokens,
    GrapherAs,
    ConnectionsService,
    SignInService,
    TokenRefresh,
    GrapherService, PictureService, BankDataService, ExportService, TransactionsService, CategoryOverridesService, TokenVault, ChartAssetsService],
})
export class GrapherModule {}

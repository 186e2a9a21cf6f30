import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { BankDataService } from './bank-data.service.js';
import { GRAPHER_ENTITIES } from './entities/grapher.entities.js';
import { GrapherOAuthService } from './grapher-oauth.service.js';
import { GrapherController } from './grapher.controller.js';
import { GrapherService } from './grapher.service.js';
import { PictureService } from './picture.service.js';

@Module({
  imports: [TypeOrmModule.forFeature(GRAPHER_ENTITIES)],
  controllers: [GrapherController],
  providers: [GrapherOAuthService, GrapherService, PictureService, BankDataService],
})
export class GrapherModule {}

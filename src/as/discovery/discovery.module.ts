import { Module } from '@nestjs/common';
import { AsCoreModule } from '../core/as-core.module.js';
import { DiscoveryController } from './discovery.controller.js';
import { DiscoveryService } from './discovery.service.js';

@Module({ imports: [AsCoreModule], controllers: [DiscoveryController], providers: [DiscoveryService] })
export class DiscoveryModule {}

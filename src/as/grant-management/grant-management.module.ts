import { Module } from '@nestjs/common';
import { AsCoreModule } from '../core/as-core.module.js';
import { GrantManagementController } from './grant-management.controller.js';
import { GrantManagementService } from './grant-management.service.js';

/** Grant Management for OAuth 2.0: the client's API over its own grants. */
@Module({ imports: [AsCoreModule], controllers: [GrantManagementController], providers: [GrantManagementService] })
export class GrantManagementModule {}

import { Module } from '@nestjs/common';
import { AsCoreModule } from '../core/as-core.module.js';
import { ResourceRegistrationController } from './resource-registration.controller.js';
import { ResourceRegistrationService } from './resource-registration.service.js';

@Module({
  imports: [AsCoreModule],
  controllers: [ResourceRegistrationController],
  providers: [ResourceRegistrationService],
})
export class ResourceRegistrationModule {}

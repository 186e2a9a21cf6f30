import { Module } from '@nestjs/common';
import { HealthController } from './health.controller.js';
import { ReadinessService } from './readiness.service.js';

/** /healthz and /readyz, served by every process whatever its PARTIES. */
@Module({ controllers: [HealthController], providers: [ReadinessService] })
export class HealthModule {}

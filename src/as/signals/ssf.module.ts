import { Module } from '@nestjs/common';
import { AsCoreModule } from '../core/as-core.module.js';
import { SsfStreamService } from './ssf-stream.service.js';
import { SsfController } from './ssf.controller.js';

/** Shared Signals: the AS transmits security events to the banks (the outbox and its push are in core). */
@Module({
  imports: [AsCoreModule],
  controllers: [SsfController],
  providers: [SsfStreamService],
})
export class SsfModule {}

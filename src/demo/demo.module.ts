import { Module } from '@nestjs/common';
import { DemoResetService } from './demo-reset.service.js';
import { DemoController } from './demo.controller.js';
import { DemoService } from './demo.service.js';
import { ScenariosService } from './scenarios.service.js';
import { TourRunner } from './tour-runner.service.js';
import { TraceViewService } from './trace-view.service.js';

/** The teaching demo at /demo. It talks to the parties only over HTTP, like a person and an outside app. */
@Module({
  controllers: [DemoController],
  providers: [DemoService, TraceViewService, TourRunner, ScenariosService, DemoResetService],
})
export class DemoModule {}

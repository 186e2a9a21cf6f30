import { CanActivate, Controller, Get, Header, HttpCode, Injectable, NotFoundException, Param, Post, Query, Render, Req, UseGuards } from '@nestjs/common';
import type { Request } from 'express';
import { fromThisMachine, LocalOnlyGuard, NotFromThisMachineError } from '../common/guards/local-only.guard.js';
import { AppConfig } from '../config/app-config.js';
import { PageError } from '../common/errors/page.errors.js';
import { Session, UseSession } from '../common/session/session.decorators.js';
import type { WebSession } from '../common/session/web-session.js';
import { DemoResetService } from './demo-reset.service.js';
import { DemoService } from './demo.service.js';
import { ScenariosService } from './scenarios.service.js';
import { TourRunner } from './tour-runner.service.js';
import { TRACE_PAGE, TraceViewService } from './trace-view.service.js';

/** DEMO=off hides the whole demo. */
@Injectable()
class DemoEnabledGuard implements CanActivate {
  constructor(private readonly config: AppConfig) {}
  canActivate(): boolean {
    if (!this.config.demo) throw new NotFoundException();
    return true;
  }
}

/** The teaching demo: guided tour, live trace, play mode, break-it scenarios, reset. */
@Controller('demo')
@UseGuards(DemoEnabledGuard)
@UseSession(() => ({ name: 'demo', path: '/demo' }))
export class DemoController {
  constructor(
    private readonly demo: DemoService,
    private readonly trace: TraceViewService,
    private readonly runner: TourRunner,
    private readonly scenarios: ScenariosService,
    private readonly resetter: DemoResetService,
    private readonly config: AppConfig,
  ) {}

  @Get()
  @Render('demo/tour')
  page(@Session() session: WebSession) {
    return this.demo.page(session);
  }

  @Get('sink')
  @Render('demo/sink')
  sink(@Query() query: Record<string, unknown>) {
    return this.demo.sink(query);
  }

  /** `since` (or its older name `after`): the cursor of the last answer; only newer exchanges come back. */
  @Get('api/trace')
  @Header('Cache-Control', 'no-store')
  traceApi(@Req() req: Request, @Query('since') since?: string, @Query('after') after?: string, @Query('reveal') reveal?: string, @Query('limit') limit?: string) {
    // Live tokens and secrets only for the person at this machine (see LocalOnlyGuard).
    if (reveal === '1' && !fromThisMachine(req, this.config.publicUrl)) throw new NotFromThisMachineError('Revealing secrets');
    const wanted = Number(limit);
    return this.trace.view(Number(since ?? after) || 0, reveal === '1', Number.isInteger(wanted) && wanted > 0 ? Math.min(wanted, TRACE_PAGE) : TRACE_PAGE);
  }

  /**
   * The picture the robot's browser received at the end of Play, as it received it: a snapshot (the
   * robot's Grapher session stays the robot's), so the tour can show what the story produced.
   */
  @Get('robot/picture')
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Cache-Control', 'no-store')
  robotPicture() {
    const shot = this.runner.robotPicture();
    if (!shot) throw new PageError(404, 'No picture yet', 'Press Play on the tour first: the robot walks the story and this page shows the picture it got.');
    const note = `<p class="notice robot-snapshot" role="status">What the robot's browser received from Grapher at ${new Date(shot.at).toISOString().slice(11, 16)} UTC, at the end of the tour — a snapshot: its buttons belong to the robot's session. <a href="/demo">Back to the tour</a></p>`;
    return shot.html.replace('<main>', `<main>\n${note}`);
  }

  @Get('api/tour')
  @Header('Cache-Control', 'no-store')
  tour() {
    return this.demo.tourStatus();
  }

  @Post('api/tour/:action')
  @HttpCode(200)
  async control(@Param('action') action: string) {
    if (action === 'play') this.runner.play();
    else if (action === 'pause') this.runner.pause();
    else if (action === 'next') await this.runner.step();
    else if (action === 'restart') this.runner.restart();
    else throw new NotFoundException('unknown action');
    return this.demo.tourStatus();
  }

  @Post('api/scenarios/:name')
  @HttpCode(200)
  async scenario(@Param('name') name: string) {
    const result = await this.scenarios.run(name);
    if (!result) throw new NotFoundException('unknown scenario');
    return result;
  }

  @Post('api/reset')
  @HttpCode(200)
  @UseGuards(LocalOnlyGuard)
  async reset() {
    this.runner.restart();
    this.scenarios.forget();
    await this.resetter.reset();
    return { reset: true };
  }
}

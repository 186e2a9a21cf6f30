import { Controller, Get, Header, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ReadinessService } from './readiness.service.js';

/** Probes for an orchestrator or a load balancer. */
@Controller()
export class HealthController {
  constructor(private readonly readiness: ReadinessService) {}

  /** Liveness: the process answers (restart it if not). Also the bench's reference for a bare Nest route. */
  @Get('healthz')
  @Header('Cache-Control', 'no-store')
  health() {
    return { status: 'ok' };
  }

  /** Readiness: 200 when this instance can serve, 503 while its database is unreachable or read-only. */
  @Get('readyz')
  @Header('Cache-Control', 'no-store')
  async ready(@Res({ passthrough: true }) res: Response) {
    const result = await this.readiness.check();
    if (result.ready) return { status: 'ready' };
    res.status(503);
    return { status: 'unavailable', reason: result.reason };
  }
}

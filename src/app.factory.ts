import { NestFactory } from '@nestjs/core';
import type { DestinationStream } from 'pino';
import type { NestExpressApplication } from '@nestjs/platform-express';
import cookieParser from 'cookie-parser';
import { join } from 'node:path';
import { bodyShapeBound } from './common/http/body-shape.js';
import { createLogger, PinoNestLogger } from './common/logging/logger.js';
import { requestLogger } from './common/logging/request-logger.js';
import { securityHeaders } from './common/security-headers.js';
import { traceMiddleware } from './common/trace/trace.middleware.js';
import { TraceRecorder } from './common/trace/trace.recorder.js';
import { serveOpenApi } from './api-docs/openapi.js';
import { AppModule } from './app.module.js';
import { createHandlebarsEngine, viewsDir } from './common/views/handlebars-engine.js';
import { AppConfig } from './config/app-config.js';
import { BANKS } from './banks/bank-directory.js';

function siteLinks(config: AppConfig) {
  return {
    home: config.publicUrl,
    as: config.asIssuer,
    grapher: config.grapherUrl,
    banks: BANKS.map((b) => ({ url: config.bankUrl(b.id), short: b.name.split(' ').find((w) => !['Bank', 'of'].includes(w)) })),
    demo: config.demo,
  };
}

/**
 * Builds the app exactly as production runs it; the e2e suites call this too. `logger` false (the suites)
 * logs errors only unless LOG_LEVEL says otherwise; `logTo` sends the log lines to a stream instead of stdout.
 */
export async function createApp(
  env: Record<string, string | undefined> = process.env,
  logger = true,
  logTo?: DestinationStream,
): Promise<NestExpressApplication> {
  const config = new AppConfig(env);
  const level = logger || config.log.levelGiven ? config.log.level : 'error';
  const log = await createLogger({ level, format: config.log.format, destination: logTo });
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    logger: new PinoNestLogger(log),
    bodyParser: false,
  });
  // First, so that every answer carries them, including a body parser's refusal.
  app.use(securityHeaders(new URL(config.publicUrl).protocol === 'https:'));
  app.use(requestLogger(log));
  app.useBodyParser('json', { limit: '64kb' });
  app.useBodyParser('urlencoded', { extended: false, limit: '64kb', parameterLimit: 100 });
  // RFC 8935 §2.1: a pushed Security Event Token is the body itself, as text.
  app.useBodyParser('text', { type: 'application/secevent+jwt', limit: '16kb' });
  app.use(bodyShapeBound);
  app.use(cookieParser());
  app.use(traceMiddleware(app.get(TraceRecorder)));
  app.useStaticAssets(join(viewsDir(), 'assets'), { prefix: '/assets/', index: false, maxAge: '1h' });
  app.disable('x-powered-by');
  // Which proxies' X-Forwarded-For makes req.ip (the per-address limits' key): none unless TRUST_PROXY says.
  app.set('trust proxy', config.trustProxy);
  // What every page's header links to: each party where it is served (PARTIES, AS_URL, BANKS_URL, GRAPHER_URL).
  app.setLocal('site', siteLinks(config));
  // No ETag on dynamic answers (hashing every body): they are personal or no-store; static assets keep theirs.
  app.set('etag', false);
  app.engine('hbs', createHandlebarsEngine());
  app.setBaseViewsDir(viewsDir());
  app.setViewEngine('hbs');
  serveOpenApi(app, config);
  app.enableShutdownHooks();
  return app;
}

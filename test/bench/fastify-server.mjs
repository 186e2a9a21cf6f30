// Child process (spike): Steward's own AppModule on Nest's Fastify platform, with the middleware that runs on
// machine endpoints (security headers, request log, trace, cookies) mounted through @fastify/middie, and the
// body-shape bound as a preValidation hook. Pages (views, static assets) are not served: it measures what
// the platform change would win on the hot machine paths (introspection, token, Intro, bank data).
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import cookieParser from 'cookie-parser';
import typeIs from 'type-is';
import accepts from 'accepts';
import { AppModule } from '../../dist/src/app.module.js';
import { AppConfig } from '../../dist/src/config/app-config.js';
import { createLogger, PinoNestLogger } from '../../dist/src/common/logging/logger.js';
import { requestLogger } from '../../dist/src/common/logging/request-logger.js';
import { securityHeaders } from '../../dist/src/common/security-headers.js';
import { traceMiddleware } from '../../dist/src/common/trace/trace.middleware.js';
import { TraceRecorder } from '../../dist/src/common/trace/trace.recorder.js';
import { bodyShapeProblem } from '../../dist/src/common/http/body-shape.js';

const config = new AppConfig(process.env);
const log = await createLogger({ level: 'error', format: config.log.format });
const adapter = new FastifyAdapter({ bodyLimit: 64 * 1024 });
// Fastify refuses an @All route beside the same path's own methods (the UMA endpoint's 405 catch-all): the spike skips it.
const route = adapter.getInstance().route.bind(adapter.getInstance());
adapter.getInstance().route = (opts) => {
  try {
    return route(opts);
  } catch (err) {
    if (err.code !== 'FST_ERR_DUPLICATED_ROUTE') throw err;
  }
};
// What Steward's guards, filter and controllers use of Express's request and response, on Fastify's.
const instance = adapter.getInstance();
instance.decorateRequest('is', function (...types) {
  return typeIs(this.raw, types.flat());
});
instance.decorateRequest('accepts', function (...types) {
  return accepts(this.raw).types(...types.flat());
});
instance.decorateRequest('path', { getter() { return this.url.split('?')[0]; } });
instance.decorateReply('setHeader', function (name, value) {
  this.header(name, value);
  return this;
});
instance.decorateReply('json', function (body) {
  this.type('application/json; charset=utf-8').send(JSON.stringify(body));
  return this;
});
const app = await NestFactory.create(AppModule.forRoot(config), adapter, { logger: new PinoNestLogger(log) });
const fastify = app.getHttpAdapter().getInstance();
fastify.addContentTypeParser('application/secevent+jwt', { parseAs: 'string' }, (_req, body, done) => done(null, body));
fastify.addHook('preValidation', async (req, reply) => {
  const problem = bodyShapeProblem(req.body);
  if (problem) return reply.code(400).send({ error: 'invalid_request', error_description: problem });
});
app.use(securityHeaders(false));
app.use(requestLogger(log));
app.use(cookieParser());
app.use(traceMiddleware(app.get(TraceRecorder)));
const port = Number(process.env.PORT);
await app.listen(port, '127.0.0.1');
process.send?.({ listening: port });
process.on('message', (m) => {
  if (m === 'clock') process.send?.({ clock: Number(process.hrtime.bigint() / 1000n) });
});
let closing = false;
const stop = async () => {
  if (closing) return;
  closing = true;
  await app.close().catch(() => undefined);
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
process.on('disconnect', stop);

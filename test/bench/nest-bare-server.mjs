// Child process: a bare NestJS app with one GET /healthz route and nothing else (no middleware, no
// interceptor, no database), on the platform named by BENCH_PLATFORM: 'express' (Steward's) or 'fastify'.
// The bench's measure of what the HTTP platform alone costs, and what a change of platform would win.
import 'reflect-metadata';
import { Controller, Get, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';

class Health {
  healthz() {
    return { status: 'ok' };
  }
}
Controller()(Health);
Get('healthz')(Health.prototype, 'healthz', Object.getOwnPropertyDescriptor(Health.prototype, 'healthz'));
class App {}
Module({ controllers: [Health] })(App);

const platform = process.env.BENCH_PLATFORM === 'fastify' ? 'fastify' : 'express';
const adapter = platform === 'fastify' ? new (await import('@nestjs/platform-fastify')).FastifyAdapter() : undefined;
const app = await NestFactory.create(App, adapter, { logger: ['error'] });
const port = Number(process.env.PORT);
await app.listen(port, '127.0.0.1');
process.send?.({ listening: port });
const stop = async () => {
  await app.close().catch(() => undefined);
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('disconnect', stop);

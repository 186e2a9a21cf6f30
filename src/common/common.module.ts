import { DataSource } from 'typeorm';
import { Global, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR, APP_PIPE } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AllExceptionsFilter } from './errors/all-exceptions.filter.js';
import { HttpClient } from './http/http-client.js';
import { FailureThrottle } from './throttle/failure-throttle.service.js';
import { ThrottleCounterRepository } from './throttle/throttle-counter.repository.js';
import { TraceRecorder } from './trace/trace.recorder.js';
import { AsMeeting } from './oauth-client/as-meeting.js';
import { OAuthClientService } from './oauth-client/oauth-client.service.js';
import { SessionGuard } from './session/session.guard.js';
import { SessionInterceptor } from './session/session.interceptor.js';
import { PurgeScheduler } from './retention/purge-scheduler.js';
import { SessionRetention } from './session/session-retention.js';
import { SessionStore } from './session/session.store.js';
import { WebSessionsRepository } from './session/web-sessions.repository.js';
import { WebSessionEntity } from './session/web-session.entity.js';
import { stewardValidationPipe } from './validation.pipe.js';

@Global()
@Module({
  imports: [TypeOrmModule.forFeature([WebSessionEntity])],
  providers: [
    HttpClient,
    {
      // Shared counters in the database when several instances may share it (PostgreSQL); in memory on SQLite.
      provide: FailureThrottle,
      useFactory: (db: DataSource) => new FailureThrottle(db.options.type === 'postgres' ? new ThrottleCounterRepository(db) : undefined),
      inject: [DataSource],
    },
    TraceRecorder,
    OAuthClientService,
    AsMeeting,
    SessionStore,
    WebSessionsRepository,
    PurgeScheduler,
    SessionRetention,
    { provide: APP_PIPE, useFactory: stewardValidationPipe },
    { provide: APP_FILTER, useClass: AllExceptionsFilter },
    { provide: APP_GUARD, useClass: SessionGuard },
    { provide: APP_INTERCEPTOR, useClass: SessionInterceptor },
  ],
  exports: [PurgeScheduler, HttpClient, FailureThrottle, TraceRecorder, OAuthClientService, AsMeeting, SessionStore],
})
export class CommonModule {}

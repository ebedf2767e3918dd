import { Global, Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { DatabaseModule } from '@lle/database';
import { EVENT_STORE, type EventStore } from '@lle/event-store';
import { AsAtViews, AuditTrail, EventHistory } from '@lle/read-models';
import { DataSource } from 'typeorm';
import { AuditQueriesController } from './audit-queries.controller';
import { AuditTrailInterceptor } from './audit-trail.interceptor';

/**
 * The audit read side (history from the event store, views as they stood, the trail) and the trail itself:
 * global, so the erasure of personal data can record who asked and why.
 */
@Global()
@Module({
  imports: [DatabaseModule],
  controllers: [AuditQueriesController],
  providers: [
    {
      provide: AuditTrail,
      inject: [DataSource],
      useFactory: (dataSource: DataSource) => new AuditTrail(dataSource),
    },
    {
      provide: EventHistory,
      inject: [EVENT_STORE],
      useFactory: (store: EventStore) => new EventHistory(store),
    },
    {
      provide: AsAtViews,
      inject: [DataSource, EVENT_STORE],
      useFactory: (dataSource: DataSource, store: EventStore) => new AsAtViews({ dataSource, store }),
    },
    { provide: APP_INTERCEPTOR, useClass: AuditTrailInterceptor },
  ],
  exports: [AuditTrail],
})
export class AuditModule {}

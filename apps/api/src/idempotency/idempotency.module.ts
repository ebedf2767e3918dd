import { Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { SETTINGS, type Settings } from '@lle/config';
import { DatabaseModule } from '@lle/database';
import { DataSource } from 'typeorm';
import { IdempotencyInterceptor } from './idempotency.interceptor';
import { IdempotencyStore } from './idempotency.store';

@Module({
  imports: [DatabaseModule],
  providers: [
    {
      provide: IdempotencyStore,
      inject: [DataSource, SETTINGS],
      useFactory: (db: DataSource, settings: Settings) =>
        new IdempotencyStore(db, settings.IDEMPOTENCY_TTL_HOURS),
    },
    { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor },
  ],
  exports: [IdempotencyStore],
})
export class IdempotencyModule {}

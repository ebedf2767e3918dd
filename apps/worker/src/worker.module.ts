import { Module, type DynamicModule } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { SETTINGS, SettingsModule, type Settings } from '@lle/config';
import { DatabaseModule } from '@lle/database';
import { EventStoreModule } from '@lle/event-store';
import { ReadModelsModule } from '@lle/read-models';
import { BillingModule } from './billing/billing.module';
import { CheckpointsModule } from './checkpoints/checkpoints.module';
import { ReactorsModule } from './reactors/reactors.module';

/**
 * The background process: every projection runs here, from its checkpoint, starting once the application
 * has bootstrapped; on SIGTERM or SIGINT each finishes the batch it is applying before the database and the
 * event store close. The reactors (brokering completed after a crash, a placement's follow-ups) run beside
 * them on a runner of their own, never part of a rebuild. Billing runs here too (billing/billing.module.ts):
 * a reactor enqueues a BullMQ job for each day logged or voided, and a BullMQ worker runs them.
 */
@Module({})
export class WorkerModule {
  static forRoot(): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        SettingsModule.forRoot(),
        LoggerModule.forRootAsync({
          inject: [SETTINGS],
          useFactory: (settings: Settings) => ({ pinoHttp: { level: settings.LOG_LEVEL } }),
        }),
        EventStoreModule,
        DatabaseModule,
        ReadModelsModule.forWorker(),
        ReactorsModule.forWorker(),
        BillingModule.forWorker(),
        CheckpointsModule.forWorker(),
      ],
    };
  }
}

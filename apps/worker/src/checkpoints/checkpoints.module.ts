import {
  Inject,
  Logger,
  Module,
  type BeforeApplicationShutdown,
  type DynamicModule,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { SETTINGS, type Settings } from '@lle/config';
import { DatabaseModule } from '@lle/database';
import { EVENT_STORE, EventStoreModule, type EventStore, type SqlTransaction } from '@lle/event-store';
import { DataSource } from 'typeorm';
import { Checkpointer } from './checkpointer';

const CHECKPOINTER = Symbol('CHECKPOINTER');

class CheckpointerHost implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(@Inject(CHECKPOINTER) private readonly checkpointer: Checkpointer) {}

  onApplicationBootstrap(): void {
    this.checkpointer.start();
  }

  /** Before the database and the event store close. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.checkpointer.stop();
  }
}

/** A SqlTransaction on TypeORM: the checkpointer's writes, in one transaction per round. */
export function typeormTransaction(dataSource: DataSource): SqlTransaction {
  return (work) =>
    dataSource.transaction((manager) =>
      work((sql, params) => manager.query<never[]>(sql, params ? [...params] : undefined)),
    );
}

/** The worker's checkpointer over the global log (tamper evidence); only the worker imports it. */
@Module({})
export class CheckpointsModule {
  static forWorker(): DynamicModule {
    return {
      module: CheckpointsModule,
      imports: [DatabaseModule, EventStoreModule],
      providers: [
        {
          provide: CHECKPOINTER,
          inject: [EVENT_STORE, DataSource, SETTINGS],
          useFactory: (store: EventStore, dataSource: DataSource, settings: Settings) =>
            new Checkpointer(
              store,
              typeormTransaction(dataSource),
              { every: settings.CHECKPOINT_EVERY, headAfterMs: settings.CHECKPOINT_HEAD_AFTER_MS },
              new Logger('Checkpoints'),
            ),
        },
        CheckpointerHost,
      ],
    };
  }
}

import {
  Inject,
  Logger,
  Module,
  type BeforeApplicationShutdown,
  type DynamicModule,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { EventRegistry } from '@lle/application';
import { DatabaseModule } from '@lle/database';
import { DEFAULT_BROKERAGE_RULES, EVENT_TYPES } from '@lle/domain';
import { EVENT_STORE, EventStoreModule, type EventStore } from '@lle/event-store';
import { ProjectionRunner, type Projection, type ProjectionRunnerOptions } from '@lle/projections';
import { DataSource } from 'typeorm';
import { BrokerageService } from '../../../api/src/brokerage/shared/brokerage-service';
import { brokerageReactors } from './brokerage.reactors';

/** The reactors this worker runs (see brokerage.reactors.ts). */
export const REACTORS = Symbol('REACTORS');
const REACTOR_RUNNER = Symbol('REACTOR_RUNNER');

class ReactorRunnerHost implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(@Inject(REACTOR_RUNNER) private readonly runner: ProjectionRunner) {}

  onApplicationBootstrap(): void {
    this.runner.start();
  }

  /** Before the database and the event store close: the batch in flight finishes, then reading stops. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.runner.stop();
  }
}

/**
 * The reactors on a projection runner of their own, apart from the read models' (READ_MODEL_PROJECTIONS):
 * each keeps its own checkpoint, pauses visibly on an event it cannot process, and is never touched by a
 * read model's rebuild, so rebuilding never sends a command again. Only the worker imports it.
 */
@Module({})
export class ReactorsModule {
  static forWorker(options: ProjectionRunnerOptions = {}): DynamicModule {
    return {
      module: ReactorsModule,
      imports: [DatabaseModule, EventStoreModule],
      providers: [
        {
          provide: REACTORS,
          inject: [EVENT_STORE],
          useFactory: (store: EventStore): Projection[] => {
            const registry = new EventRegistry(EVENT_TYPES);
            return brokerageReactors(
              new BrokerageService({ store, registry, rules: DEFAULT_BROKERAGE_RULES }),
            );
          },
        },
        {
          provide: REACTOR_RUNNER,
          inject: [EVENT_STORE, DataSource, REACTORS],
          useFactory: (store: EventStore, dataSource: DataSource, reactors: Projection[]) =>
            new ProjectionRunner({
              store,
              dataSource,
              projections: reactors,
              options,
              logger: new Logger('Reactors'),
            }),
        },
        ReactorRunnerHost,
      ],
      exports: [REACTORS],
    };
  }
}

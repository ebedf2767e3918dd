import {
  Inject,
  Logger,
  Module,
  type BeforeApplicationShutdown,
  type DynamicModule,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
  type Provider,
} from '@nestjs/common';
import { DatabaseModule } from '@lle/database';
import { EVENT_STORE, EventStoreModule, type EventStore } from '@lle/event-store';
import { DataSource } from 'typeorm';
import type { Projection } from '../projection';
import { ProjectionRunner, type ProjectionRunnerOptions } from '../projection-runner';
import { ProjectionStatus } from '../projection-status';
import { ReadYourWrites } from '../read-your-writes';

/** The projections this process knows (every process knows them all; only the worker runs them). */
export const PROJECTIONS = Symbol('PROJECTIONS');

class ProjectionRunnerHost implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(@Inject(ProjectionRunner) private readonly runner: ProjectionRunner) {}

  onApplicationBootstrap(): void {
    this.runner.start();
  }

  /** Before the database and the event store close: the batches in flight commit, then reading stops. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.runner.stop();
  }
}

class ReadYourWritesCloser implements OnApplicationShutdown {
  constructor(@Inject(ReadYourWrites) private readonly readYourWrites: ReadYourWrites) {}

  onApplicationShutdown(): void {
    this.readYourWrites.close();
  }
}

/**
 * forApi(): what a process that reads the read models needs (ProjectionStatus, ReadYourWrites).
 * forWorker(): the same, plus the ProjectionRunner, started when the application has bootstrapped and
 * stopped gracefully when it shuts down. Only the worker imports forWorker().
 */
@Module({})
export class ProjectionsModule {
  static forApi(projections: readonly Projection[]): DynamicModule {
    return {
      module: ProjectionsModule,
      imports: [DatabaseModule, EventStoreModule],
      providers: readProviders(projections),
      exports: [PROJECTIONS, ProjectionStatus, ReadYourWrites],
    };
  }

  static forWorker(projections: readonly Projection[], options: ProjectionRunnerOptions = {}): DynamicModule {
    return {
      module: ProjectionsModule,
      imports: [DatabaseModule, EventStoreModule],
      providers: [
        ...readProviders(projections),
        {
          provide: ProjectionRunner,
          inject: [EVENT_STORE, DataSource],
          useFactory: (store: EventStore, dataSource: DataSource) =>
            new ProjectionRunner({
              store,
              dataSource,
              projections,
              options,
              logger: new Logger('Projections'),
            }),
        },
        ProjectionRunnerHost,
      ],
      exports: [PROJECTIONS, ProjectionStatus, ReadYourWrites, ProjectionRunner],
    };
  }
}

function readProviders(projections: readonly Projection[]): Provider[] {
  const names = projections.map((projection) => projection.name);
  return [
    { provide: PROJECTIONS, useValue: projections },
    {
      provide: ProjectionStatus,
      inject: [DataSource, EVENT_STORE],
      useFactory: (dataSource: DataSource, store: EventStore) =>
        new ProjectionStatus(dataSource, store, names),
    },
    {
      provide: ReadYourWrites,
      inject: [DataSource],
      useFactory: (dataSource: DataSource) => new ReadYourWrites(dataSource, { projections: names }),
    },
    ReadYourWritesCloser,
  ];
}

import { randomUUID } from 'node:crypto';
import { EventRegistry } from '@lle/application';
import { createDataSource } from '@lle/database';
import { EVENT_TYPES, type Event, type Role } from '@lle/domain';
import { PostgresEventStore, type EventStore, type JsonValue } from '@lle/event-store';
import {
  ProjectionRunner,
  ReadYourWrites,
  reconcileProjection,
  type Projection,
  type Queryable,
} from '@lle/projections';
import type { DataSource } from 'typeorm';
import { createTestDatabase, type TestDatabase } from './postgres';

const registry = new EventRegistry(EVENT_TYPES);

/** Events to append to one stream as given, as if someone with `actor`'s token had sent them. */
export interface Appended<E extends Event = Event> {
  readonly streamId: string;
  readonly events: readonly E[];
  readonly actor?: { readonly subject: string; readonly role: Role };
}

/** Appends each batch to its stream, with the schema version each event type is written at today. */
export async function appendAll(store: EventStore, batches: readonly Appended[]): Promise<void> {
  for (const { streamId, events, actor } of batches) {
    await store.appendToStream(
      streamId,
      events.map((event) => ({
        id: randomUUID(),
        type: event.type,
        data: event.data as JsonValue,
        metadata: {
          schemaVersion: registry.schemaVersion(event.type),
          ...(actor ? { actor: { subject: actor.subject, role: actor.role } } : {}),
        },
      })),
      'any',
    );
  }
}

/**
 * Waits until every named projection (or reactor) has dealt with every event in the store now, as a query
 * with ?atLeast= would; throws if that takes longer than the timeout.
 */
export async function waitForProjections(
  db: Queryable,
  store: EventStore,
  names: readonly string[],
  timeoutMs = 30_000,
): Promise<void> {
  const head = (await store.headPosition()) ?? 0n;
  const readYourWrites = new ReadYourWrites(db, { pollIntervalMs: 10 });
  try {
    if (!(await readYourWrites.waitForPosition(names, head, timeoutMs))) {
      throw new Error(`${names.join(', ')} did not reach position ${head} within ${timeoutMs} ms`);
    }
  } finally {
    readYourWrites.close();
  }
}

/** The names of the projections whose live tables differ from a rebuild from the events (none, we hope). */
export async function projectionsDifferingFromRebuild(
  databaseUrl: string,
  store: EventStore,
  projections: readonly Projection[],
): Promise<string[]> {
  const dataSource = await createDataSource(databaseUrl).initialize();
  try {
    const differing: string[] = [];
    for (const projection of projections) {
      const report = await reconcileProjection({ dataSource, store }, projection);
      if (!report.identical) differing.push(projection.name);
    }
    return differing;
  } finally {
    await dataSource.destroy();
  }
}

/** A fresh database with a scenario appended and a runner keeping the given projections up to date. */
export interface ProjectedScenario {
  readonly database: TestDatabase;
  readonly store: PostgresEventStore;
  readonly dataSource: DataSource;
  readonly runner: ProjectionRunner;
  /** Waits until every projection given has dealt with every event in the store now. */
  caughtUp(): Promise<void>;
  /** Stops the runner and closes and drops everything (for afterAll; stopping twice is harmless). */
  close(): Promise<void>;
}

/** What to append before the runner starts: batches, or a function for what batches cannot say. */
export type ScenarioSeed = readonly Appended[] | ((store: PostgresEventStore) => Promise<void>);

export interface ProjectedScenarioOptions {
  /** The event store's pool: one more than the default for a spec that appends while it reads. */
  readonly poolSize?: number;
}

/**
 * The set-up of a read-model spec, for beforeAll: a test database, the scenario appended, then a runner
 * started over `projections`; resolves once they have all caught up. If any step fails, what was opened
 * is closed again, as afterAll would not know of it.
 */
export async function projectedScenario(
  projections: readonly Projection[],
  seed: ScenarioSeed = [],
  options: ProjectedScenarioOptions = {},
): Promise<ProjectedScenario> {
  const database = await createTestDatabase();
  const store = PostgresEventStore.fromUrl(database.url, {
    pollIntervalMs: 10,
    poolSize: options.poolSize ?? 3,
  });
  let dataSource: DataSource | undefined;
  let runner: ProjectionRunner | undefined;
  const close = async (): Promise<void> => {
    await runner?.stop();
    await dataSource?.destroy();
    await store.close();
    await database.drop();
  };
  try {
    const opened = await createDataSource(database.url).initialize();
    dataSource = opened;
    await (typeof seed === 'function' ? seed(store) : appendAll(store, seed));
    runner = new ProjectionRunner({ store, dataSource: opened, projections, options: { batchIdleMs: 5 } });
    runner.start();
    const names = projections.map((projection) => projection.name);
    const caughtUp = (): Promise<void> => waitForProjections(opened, store, names);
    await caughtUp();
    return { database, store, dataSource: opened, runner, caughtUp, close };
  } catch (error) {
    await close();
    throw error;
  }
}

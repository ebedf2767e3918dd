import { randomUUID } from 'node:crypto';
import { EventRegistry } from '@lle/application';
import { createDataSource } from '@lle/database';
import { EVENT_TYPES, type Event, type Role } from '@lle/domain';
import type { EventStore, JsonValue } from '@lle/event-store';
import { ReadYourWrites, reconcileProjection, type Projection, type Queryable } from '@lle/projections';

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

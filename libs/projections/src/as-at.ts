import { randomBytes } from 'node:crypto';
import { EventRegistry } from '@lle/application';
import { EVENT_TYPES } from '@lle/domain';
import type { EventStore, GlobalPosition } from '@lle/event-store';
import type { DataSource, EntityManager } from 'typeorm';
import { assertValidProjections, projectEvent, type Projection } from './projection';
import { createScratchTables, dropSchemas } from './rebuild/scratch-tables';
import { quoteIdentifier, type Queryable } from './sql';

export interface AsAtDependencies {
  readonly dataSource: DataSource;
  readonly store: EventStore;
  /** Upcasts stored events; defaults to every event type of the domain. */
  readonly registry?: EventRegistry;
}

export interface AsAtOptions {
  /** Events read and applied per transaction while replaying. */
  readonly chunkSize?: number;
  /** The schema holding the live read-model tables, whose structure the temporary copies take. */
  readonly liveSchema?: string;
}

/** The answer of a query run against read models as they stood at a position, and what it took. */
export interface AsAtResult<T> {
  readonly position: GlobalPosition;
  readonly answer: T;
  /** Events read, and of those, applied to the temporary read models. */
  readonly events: number;
  readonly applied: number;
}

const DEFAULTS = { chunkSize: 1_000, liveSchema: 'public' };

/**
 * Builds the named read models as they stood at `upToPosition` (every event at or before it, none after) in
 * a temporary schema, runs `query` against them, and drops them. The projections' unqualified table names
 * point there through `SET LOCAL search_path`, exactly as a rebuild does, so the existing query classes run
 * unchanged; the live tables are only read for their structure. Any table `query` names that is not one of
 * the projections' falls through to the live schema, so name every read model the query joins.
 */
export async function projectAsAt<T>(
  dependencies: AsAtDependencies,
  projections: readonly Projection[],
  upToPosition: GlobalPosition,
  query: (db: Queryable) => Promise<T>,
  options: AsAtOptions = {},
): Promise<AsAtResult<T>> {
  const { chunkSize, liveSchema } = { ...DEFAULTS, ...options };
  const { dataSource, store } = dependencies;
  const registry = dependencies.registry ?? new EventRegistry(EVENT_TYPES);
  assertValidProjections(projections, registry);
  const schema = `projection_as_at_${randomBytes(6).toString('hex')}`;
  const useSchema = (db: EntityManager): Promise<unknown> =>
    db.query(`SET LOCAL search_path = ${quoteIdentifier(schema)}, ${quoteIdentifier(liveSchema)}`);

  await dataSource.transaction(async (db) => {
    await db.query(`CREATE SCHEMA ${quoteIdentifier(schema)}`);
    await createScratchTables(
      db,
      liveSchema,
      schema,
      projections.flatMap((projection) => projection.tables),
    );
  });
  try {
    let position: GlobalPosition = 0n;
    let events = 0;
    let applied = 0;
    while (position < upToPosition) {
      const chunk = (
        await store.readAll({ after: position === 0n ? undefined : position, maxCount: chunkSize })
      ).filter((event) => event.position <= upToPosition);
      if (chunk.length === 0) break;
      await dataSource.transaction(async (db) => {
        await useSchema(db);
        for (const event of chunk) {
          for (const projection of projections) {
            if (!projection.handles.includes(event.type)) continue;
            await projection.apply(projectEvent(registry, event), db);
            applied++;
          }
        }
      });
      events += chunk.length;
      position = chunk.at(-1)!.position;
      if (chunk.length < chunkSize) break;
    }
    const answer = await dataSource.transaction(async (db) => {
      await useSchema(db);
      return query(db);
    });
    return { position: upToPosition, answer, events, applied };
  } finally {
    await dropSchemas(dataSource, schema);
  }
}

/**
 * The global position of the last event recorded at or before `time`, or 0 when none was (the read models
 * then stand empty). Reads the log forwards through the port, so it works on every adapter.
 */
export async function positionAt(store: EventStore, time: Date, chunkSize = 1_000): Promise<GlobalPosition> {
  let found: GlobalPosition = 0n;
  let after: GlobalPosition | undefined;
  for (;;) {
    const chunk = await store.readAll({ after, maxCount: chunkSize });
    for (const event of chunk) {
      if (event.recordedAt.getTime() > time.getTime()) return found;
      found = event.position;
    }
    if (chunk.length < chunkSize) return found;
    after = chunk.at(-1)!.position;
  }
}

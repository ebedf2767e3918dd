import type { EventStore, GlobalPosition } from '../event-store.port';
import {
  ChainVerifier,
  type LogCheckpoint,
  type StoredChainEvent,
  type VerifyReport,
} from './chain-verifier';
import { readCheckpoints } from './checkpoints';
import type { SqlQuery } from './sql';

export interface VerifyOptions {
  /** Checkpoints besides the store's own, e.g. an exported copy kept elsewhere. */
  readonly against?: readonly LogCheckpoint[];
  /** Events read per round trip. */
  readonly pageSize?: number;
  readonly maxProblems?: number;
  /** Called after every page read. */
  readonly onProgress?: (progress: { events: number; position: GlobalPosition }) => void;
}

interface StoredEventRow {
  global_position: string;
  event_id: string;
  stream_id: string;
  stream_revision: string;
  event_type: string;
  data: StoredChainEvent['data'];
  metadata: StoredChainEvent['metadata'];
  hash: string | null;
}

/**
 * Verifies the PostgreSQL event store through `query`: every stream's chain and every checkpoint in
 * event_store.checkpoints (and `against`). Runs on whatever connection it is given, so it sees what that
 * transaction sees: the command line opens a repeatable-read snapshot, the tamper test its own transaction.
 */
export async function verifyPostgresEventStore(
  query: SqlQuery,
  options: VerifyOptions = {},
): Promise<VerifyReport> {
  const checkpoints = [...(await readCheckpoints(query)), ...(options.against ?? [])];
  return verifyEvents(storedEventsFromPostgres(query, options.pageSize), checkpoints, options);
}

/** Verifies any adapter through the port (EventStoreDB: the hash travels in the event metadata). */
export async function verifyEventStore(
  store: EventStore,
  checkpoints: readonly LogCheckpoint[],
  options: VerifyOptions = {},
): Promise<VerifyReport> {
  return verifyEvents(
    storedEventsFromStore(store, options.pageSize),
    [...checkpoints, ...(options.against ?? [])],
    options,
  );
}

async function verifyEvents(
  events: AsyncIterable<StoredChainEvent[]>,
  checkpoints: readonly LogCheckpoint[],
  options: VerifyOptions,
): Promise<VerifyReport> {
  const verifier = new ChainVerifier({
    checkpoints,
    ...(options.maxProblems !== undefined ? { maxProblems: options.maxProblems } : {}),
  });
  for await (const page of events) {
    for (const event of page) verifier.visit(event);
    const last = page.at(-1);
    if (last) options.onProgress?.({ events: verifier.eventsSeen, position: last.position });
  }
  return verifier.finish();
}

/** The events table in global order, a page at a time (keyset pagination: constant memory). */
export async function* storedEventsFromPostgres(
  query: SqlQuery,
  pageSize = 1_000,
): AsyncGenerator<StoredChainEvent[]> {
  let after = '0';
  for (;;) {
    const rows = await query<StoredEventRow>(
      `SELECT global_position, event_id, stream_id, stream_revision, event_type, data, metadata, hash
         FROM event_store.events WHERE global_position > $1 ORDER BY global_position LIMIT $2`,
      [after, pageSize],
    );
    if (rows.length === 0) return;
    yield rows.map((row) => ({
      position: BigInt(row.global_position),
      streamId: row.stream_id,
      revision: Number(row.stream_revision),
      id: row.event_id,
      type: row.event_type,
      data: row.data,
      metadata: row.metadata,
      hash: row.hash,
    }));
    after = rows[rows.length - 1]!.global_position;
    if (rows.length < pageSize) return;
  }
}

/** All events through the port, a page at a time. */
export async function* storedEventsFromStore(
  store: EventStore,
  pageSize = 1_000,
): AsyncGenerator<StoredChainEvent[]> {
  let after: GlobalPosition | undefined;
  for (;;) {
    const page = await store.readAll({ ...(after !== undefined ? { after } : {}), maxCount: pageSize });
    if (page.length === 0) return;
    yield page.map((event) => ({ ...event, hash: event.hash }));
    after = page[page.length - 1]!.position;
    if (page.length < pageSize) return;
  }
}

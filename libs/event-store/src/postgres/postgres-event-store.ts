import { Pool, type DatabaseError, type PoolConfig } from 'pg';
import { InvalidAppendError, WrongExpectedRevisionError } from '../event-store.errors';
import type {
  AppendResult,
  EventStore,
  EventToAppend,
  ExpectedRevision,
  GlobalPosition,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  SubscribeToAllOptions,
} from '../event-store.port';
import { eventContent, sha256Hex } from '../hash-chain';
import { sleep } from '../sleep';
import { FinalPositionTracker } from './final-position-tracker';

export interface PostgresEventStoreOptions {
  /** How long a subscription that has caught up waits before asking for new events. */
  readonly pollIntervalMs?: number;
  /** Events a subscription reads per round trip. */
  readonly pageSize?: number;
  /** How long a reader waits for in-flight appends before returning what is already final. */
  readonly settleTimeoutMs?: number;
}

interface EventRow {
  global_position: string;
  event_id: string;
  stream_id: string;
  stream_revision: string;
  event_type: string;
  data: RecordedEvent['data'];
  metadata: RecordedEvent['metadata'];
  recorded_at: Date;
  hash: string;
}

interface AppendRow {
  outcome: 'appended' | 'duplicate' | 'conflict';
  revision: string | null;
  last_position: string | null;
}

const COLUMNS = `global_position, event_id, stream_id, stream_revision, event_type, data, metadata, recorded_at, hash`;
const UNIQUE_VIOLATION = '23505';
const MAX_APPEND_ATTEMPTS = 10;
/**
 * Named, so each connection parses and plans it once rather than on every append: measured, that saved 6% to
 * 21% of the server's CPU per append (the most for one-event appends from many writers).
 */
const APPEND_STATEMENT = {
  name: 'lle_event_store_append_events',
  text: 'SELECT outcome, revision, last_position FROM event_store.append_events($1, $2, $3::jsonb)',
} as const;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The default event store: events in PostgreSQL (schema from libs/database migrations). */
export class PostgresEventStore implements EventStore {
  private readonly pollIntervalMs: number;
  private readonly pageSize: number;
  private readonly finality: FinalPositionTracker;
  private closed = false;

  constructor(
    private readonly pool: Pool,
    options: PostgresEventStoreOptions = {},
  ) {
    this.pollIntervalMs = options.pollIntervalMs ?? 20;
    this.pageSize = options.pageSize ?? 500;
    this.finality = new FinalPositionTracker(pool, options.settleTimeoutMs ?? 250);
  }

  static fromUrl(
    connectionString: string,
    options: PostgresEventStoreOptions & { poolSize?: number } = {},
  ): PostgresEventStore {
    const config: PoolConfig = { connectionString, max: options.poolSize ?? 10 };
    const pool = new Pool(config);
    // An idle connection the server drops (a restart, a terminated backend) is replaced on next use; without
    // a listener its 'error' would crash the process.
    pool.on('error', () => undefined);
    return new PostgresEventStore(pool, options);
  }

  async appendToStream(
    streamId: string,
    events: readonly EventToAppend[],
    expected: ExpectedRevision,
  ): Promise<AppendResult> {
    validateAppend(streamId, events);
    const payload = appendPayload(events);
    // A unique violation means a concurrent append won the race for a revision or an event id. Trying again
    // sees its outcome: a conflict for a fixed expected revision, the first result for a retried append, or
    // the next revision for 'any'.
    for (let attempt = 1; ; attempt++) {
      try {
        const { rows } = await this.pool.query<AppendRow>({
          ...APPEND_STATEMENT,
          values: [streamId, encodeExpected(expected), payload],
        });
        return toAppendResult(streamId, expected, rows[0]);
      } catch (error) {
        if (!isUniqueViolation(error) || attempt >= MAX_APPEND_ATTEMPTS) throw error;
      }
    }
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const backwards = options.direction === 'backwards';
    const conditions = ['stream_id = $1'];
    const params: unknown[] = [streamId];
    if (options.fromRevision !== undefined) {
      params.push(options.fromRevision);
      conditions.push(`stream_revision ${backwards ? '<=' : '>='} $${params.length}`);
    }
    let sql = `SELECT ${COLUMNS} FROM event_store.events WHERE ${conditions.join(' AND ')}
               ORDER BY stream_revision ${backwards ? 'DESC' : 'ASC'}`;
    if (options.maxCount !== undefined) {
      params.push(options.maxCount);
      sql += ` LIMIT $${params.length}`;
    }
    const { rows } = await this.pool.query<EventRow>(sql, params);
    return rows.map(toRecordedEvent);
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const maxCount = options.maxCount ?? Number.MAX_SAFE_INTEGER;
    const read: RecordedEvent[] = [];
    let cursor = options.after ?? 0n;
    while (read.length < maxCount) {
      const want = Math.min(maxCount - read.length, this.pageSize);
      const page = await this.pageAfter(cursor, want);
      let blocked = false;
      for (const event of page) {
        // The next position, or one past a gap already known to be permanent, is safe to hand out.
        if (event.position !== cursor + 1n && !this.finality.isFinal(event.position)) {
          blocked = true;
          break;
        }
        read.push(event);
        cursor = event.position;
      }
      if (blocked) {
        if (!(await this.finality.settle())) break;
      } else if (page.length < want) {
        break;
      }
    }
    return read;
  }

  async *subscribeToAll(options: SubscribeToAllOptions = {}): AsyncIterable<RecordedEvent> {
    const { signal } = options;
    let checkpoint = options.after;
    while (!signal?.aborted && !this.closed) {
      const page = await this.readAll({ after: checkpoint, maxCount: this.pageSize });
      for (const event of page) {
        if (signal?.aborted) return;
        yield event;
        checkpoint = event.position;
      }
      if (page.length < this.pageSize) await sleep(this.pollIntervalMs, signal);
    }
  }

  async headPosition(): Promise<GlobalPosition | undefined> {
    const { rows } = await this.pool.query<{ head: string | null }>(
      'SELECT max(global_position) AS head FROM event_store.events',
    );
    const head = rows[0]?.head;
    return head == null ? undefined : BigInt(head);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
  }

  private async pageAfter(after: GlobalPosition, limit: number): Promise<RecordedEvent[]> {
    const { rows } = await this.pool.query<EventRow>(
      `SELECT ${COLUMNS} FROM event_store.events WHERE global_position > $1 ORDER BY global_position LIMIT $2`,
      [after.toString(), limit],
    );
    return rows.map(toRecordedEvent);
  }
}

/**
 * The events as append_events takes them: each one's canonical JSON (what its digest is taken over, a JSON
 * form of the event as good as any other for jsonb) with the digest added, which the append links into the
 * stream's hash chain in SQL. Serialising each event once serves both.
 */
function appendPayload(events: readonly EventToAppend[]): string {
  let payload = '[';
  for (const [i, event] of events.entries()) {
    const content = eventContent(event);
    payload += `${i === 0 ? '' : ','}${content.slice(0, -1)},"digest":"${sha256Hex(content)}"}`;
  }
  return `${payload}]`;
}

function encodeExpected(expected: ExpectedRevision): number {
  switch (expected) {
    case 'no_stream':
      return -1;
    case 'stream_exists':
      return -2;
    case 'any':
      return -3;
    default:
      if (!Number.isSafeInteger(expected) || expected < 0) {
        throw new InvalidAppendError(`Expected revision must be a whole number >= 0, got ${expected}`);
      }
      return expected;
  }
}

function toAppendResult(
  streamId: string,
  expected: ExpectedRevision,
  row: AppendRow | undefined,
): AppendResult {
  if (!row) throw new Error(`append_events returned nothing for ${streamId}`);
  if (row.outcome === 'conflict') {
    throw new WrongExpectedRevisionError(
      streamId,
      expected,
      row.revision === null ? 'no_stream' : Number(row.revision),
    );
  }
  return { nextExpectedRevision: Number(row.revision), position: BigInt(row.last_position ?? 0) };
}

function validateAppend(streamId: string, events: readonly EventToAppend[]): void {
  if (!streamId) throw new InvalidAppendError('A stream id is required');
  if (events.length === 0) throw new InvalidAppendError(`No events to append to ${streamId}`);
  for (const event of events) {
    if (!UUID.test(event.id)) throw new InvalidAppendError(`Event id ${event.id} is not a UUID`);
    if (!event.type) throw new InvalidAppendError(`An event for ${streamId} has no type`);
  }
}

function isUniqueViolation(error: unknown): error is DatabaseError {
  return (error as DatabaseError | undefined)?.code === UNIQUE_VIOLATION;
}

function toRecordedEvent(row: EventRow): RecordedEvent {
  return {
    id: row.event_id,
    type: row.event_type,
    data: row.data,
    metadata: row.metadata,
    streamId: row.stream_id,
    revision: Number(row.stream_revision),
    position: BigInt(row.global_position),
    recordedAt: row.recorded_at,
    hash: row.hash,
  };
}

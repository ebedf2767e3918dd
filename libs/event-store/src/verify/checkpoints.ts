import type { EventStore, GlobalPosition } from '../event-store.port';
import { runningHash } from '../hash-chain';
import type { LogCheckpoint } from './chain-verifier';
import type { SqlQuery, SqlTransaction } from './sql';

/** A checkpoint as stored and exported: when it was recorded too. */
export interface RecordedCheckpoint extends LogCheckpoint {
  readonly recordedAt: Date;
}

export interface WriteCheckpointsOptions {
  /** A checkpoint after every this many events of the global log. */
  readonly every: number;
  /** Also checkpoint the last event read, wherever it falls (`npm run audit -- checkpoint`). */
  readonly atHead?: boolean;
  /** Events read per round trip. */
  readonly pageSize?: number;
  readonly onProgress?: (progress: { events: number; position: GlobalPosition }) => void;
}

export interface WriteCheckpointsResult {
  readonly written: LogCheckpoint[];
  /** Events read after the last checkpoint there was. */
  readonly eventsRead: number;
  readonly last?: LogCheckpoint;
}

interface CheckpointRow {
  global_position: string;
  event_count: string;
  running_hash: string;
  recorded_at: Date;
}

/** Writers of checkpoints (the worker, the command line) take turns on this lock. */
const CHECKPOINT_LOCK = `SELECT pg_advisory_xact_lock(hashtextextended('event_store.checkpoints', 0))`;

/**
 * Extends the checkpoints over the global log from the last one recorded: reads the events after it through
 * the store (which hands out only final positions, so no later commit can land before a checkpoint), keeps
 * the running hash and records a checkpoint every `every` events. Checkpoints fall on fixed event counts, so
 * two writers agree on them; they take turns on an advisory lock.
 */
export async function writeCheckpoints(
  store: EventStore,
  transaction: SqlTransaction,
  options: WriteCheckpointsOptions,
): Promise<WriteCheckpointsResult> {
  if (!Number.isSafeInteger(options.every) || options.every < 1) {
    throw new RangeError(`Checkpoints need a whole number of events >= 1 between them, got ${options.every}`);
  }
  const pageSize = options.pageSize ?? 1_000;
  return transaction(async (query) => {
    await query(CHECKPOINT_LOCK);
    const previous = await lastCheckpoint(query);
    let running = previous?.runningHash ?? '';
    let count = previous?.eventCount ?? 0;
    let after = previous?.position;
    let eventsRead = 0;
    const written: LogCheckpoint[] = [];
    const record = async (position: GlobalPosition): Promise<void> => {
      const checkpoint = { position, eventCount: count, runningHash: running };
      await query(
        `INSERT INTO event_store.checkpoints (global_position, event_count, running_hash) VALUES ($1, $2, $3)`,
        [position.toString(), count, running],
      );
      written.push(checkpoint);
    };
    for (;;) {
      const page = await store.readAll({ ...(after !== undefined ? { after } : {}), maxCount: pageSize });
      for (const event of page) {
        if (!event.hash) {
          throw new Error(
            `The event at position ${event.position} (${event.streamId} revision ${event.revision}) has no hash: ` +
              'it cannot be checkpointed',
          );
        }
        running = runningHash(running, { ...event, hash: event.hash });
        count++;
        eventsRead++;
        after = event.position;
        if (count % options.every === 0) await record(event.position);
      }
      if (after !== undefined && page.length > 0) options.onProgress?.({ events: count, position: after });
      if (page.length < pageSize) break;
    }
    const last = written.at(-1) ?? previous;
    if (options.atHead && after !== undefined && (last === undefined || after > last.position)) {
      await record(after);
    }
    const newest = written.at(-1) ?? previous;
    return { written, eventsRead, ...(newest ? { last: newest } : {}) };
  });
}

export async function lastCheckpoint(query: SqlQuery): Promise<LogCheckpoint | undefined> {
  const rows = await query<CheckpointRow>(
    `SELECT global_position, event_count, running_hash, recorded_at
       FROM event_store.checkpoints ORDER BY global_position DESC LIMIT 1`,
  );
  return rows[0] ? toCheckpoint(rows[0]) : undefined;
}

/** Every checkpoint, in order (one per thousand events or so: few enough to hold). */
export async function readCheckpoints(query: SqlQuery): Promise<RecordedCheckpoint[]> {
  const rows = await query<CheckpointRow>(
    `SELECT global_position, event_count, running_hash, recorded_at
       FROM event_store.checkpoints ORDER BY global_position`,
  );
  return rows.map(toCheckpoint);
}

function toCheckpoint(row: CheckpointRow): RecordedCheckpoint {
  return {
    position: BigInt(row.global_position),
    eventCount: Number(row.event_count),
    runningHash: row.running_hash,
    recordedAt: row.recorded_at,
  };
}

/** One JSON line per checkpoint, for an auditor to keep outside the system. */
export function checkpointToJsonLine(checkpoint: RecordedCheckpoint): string {
  return JSON.stringify({
    position: checkpoint.position.toString(),
    eventCount: checkpoint.eventCount,
    runningHash: checkpoint.runningHash,
    recordedAt: checkpoint.recordedAt.toISOString(),
  });
}

/** Reads an exported copy back; a malformed line is refused naming its number. */
export function parseCheckpointLines(text: string): LogCheckpoint[] {
  const checkpoints: LogCheckpoint[] = [];
  text.split('\n').forEach((line, index) => {
    if (line.trim() === '') return;
    const fail = (why: string): never => {
      throw new Error(`Checkpoint line ${index + 1}: ${why}`);
    };
    let parsed: { position?: unknown; eventCount?: unknown; runningHash?: unknown };
    try {
      parsed = JSON.parse(line) as typeof parsed;
    } catch {
      return fail('not JSON');
    }
    const { position, eventCount, runningHash: hash } = parsed;
    if (typeof position !== 'string' || !/^\d+$/.test(position)) fail('position must be a string of digits');
    if (typeof eventCount !== 'number' || !Number.isSafeInteger(eventCount) || eventCount < 1) {
      fail('eventCount must be a whole number >= 1');
    }
    if (typeof hash !== 'string' || !/^[0-9a-f]{64}$/.test(hash)) fail('runningHash must be 64 hex digits');
    checkpoints.push({
      position: BigInt(position as string),
      eventCount: eventCount as number,
      runningHash: hash as string,
    });
  });
  return checkpoints;
}

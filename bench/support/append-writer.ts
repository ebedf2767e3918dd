/**
 * A child process that appends for one system under test, driven by bench/appends.bench.ts:
 *
 *   append-writer.ts ours|raw|emmett DATABASE_URL
 *
 * Each system runs in a process of its own because Emmett (through dumbo) replaces pg's global type parsers
 * (bigint and jsonb), which would change what our adapter and the raw baseline do in the same process.
 */
import { randomBytes } from 'node:crypto';
import { Pool } from 'pg';
import { NO_STREAM, PostgresEventStore } from '@lle/event-store';
import { serveBenchRequests } from './child';
import { timeBoxed, type TimedRun } from './measure';
import { benchEvents, type BenchEvent } from './workload';

export const APPEND_SYSTEMS = ['ours', 'raw', 'emmett'] as const;
export type AppendSystem = (typeof APPEND_SYSTEMS)[number];

/** The same pool size for every system: enough for 16 writers, none waiting for a connection. */
export const POOL_SIZE = 16;

export interface AppendRun {
  readonly writers: number;
  readonly eventsPerAppend: number;
  readonly durationMs: number;
  /** A writer moves to a new stream after this many appends, so new and existing streams both get written. */
  readonly appendsPerStream: number;
}

/** Appends `events` after `revision` (-1: the stream does not exist yet) and answers the new revision. */
type Appender = (streamId: string, events: readonly BenchEvent[], revision: number) => Promise<number>;

interface System {
  readonly append: Appender;
  close(): Promise<void>;
}

async function ours(url: string): Promise<System> {
  const store = PostgresEventStore.fromUrl(url, { poolSize: POOL_SIZE });
  return {
    async append(streamId, events, revision) {
      const result = await store.appendToStream(streamId, events, revision < 0 ? NO_STREAM : revision);
      return result.nextExpectedRevision;
    },
    close: () => store.close(),
  };
}

/** The floor: one multi-row INSERT statement (its own transaction) into a same-shaped table. */
async function raw(url: string): Promise<System> {
  const pool = new Pool({ connectionString: url, max: POOL_SIZE });
  pool.on('error', () => undefined);
  return {
    async append(streamId, events, revision) {
      const params: unknown[] = [];
      const rows = events.map((event, index) => {
        params.push(
          event.id,
          streamId,
          revision + 1 + index,
          event.type,
          JSON.stringify(event.data),
          JSON.stringify(event.metadata),
        );
        const first = index * 6;
        return `($${first + 1}, $${first + 2}, $${first + 3}, $${first + 4}, $${first + 5}, $${first + 6})`;
      });
      await pool.query(
        `INSERT INTO bench_raw.events (event_id, stream_id, stream_revision, event_type, data, metadata)
         VALUES ${rows.join(', ')} RETURNING global_position`,
        params,
      );
      return revision + events.length;
    },
    close: () => pool.end(),
  };
}

/**
 * Emmett's PostgreSQL event store on its own database, its schema laid out by its own migration. Stream
 * versions there count events (0: no stream), so our revision r is its version r + 1; an explicit expected
 * version is its strict check, as ours is.
 */
async function emmett(url: string): Promise<System> {
  const { getPostgreSQLEventStore } = await import('@event-driven-io/emmett-postgresql');
  const pool = new Pool({ connectionString: url, max: POOL_SIZE });
  pool.on('error', () => undefined);
  const store = getPostgreSQLEventStore(url, {
    connectionOptions: { pool },
    schema: { autoMigration: 'None' },
  });
  await store.schema.migrate();
  return {
    async append(streamId, events, revision) {
      const result = await store.appendToStream(
        streamId,
        events.map((event) => ({
          type: event.type,
          data: event.data,
          metadata: { messageId: event.id, ...event.metadata },
        })),
        { expectedStreamVersion: BigInt(revision + 1) },
      );
      return Number(result.nextExpectedStreamVersion) - 1;
    },
    async close() {
      await store.close();
      await pool.end();
    },
  };
}

const FACTORIES: Record<AppendSystem, (url: string) => Promise<System>> = { ours, raw, emmett };

async function main(): Promise<void> {
  const [name, url] = process.argv.slice(2) as [AppendSystem | undefined, string | undefined];
  if (!name || !url || !(name in FACTORIES)) throw new Error('usage: append-writer.ts ours|raw|emmett URL');
  const system = await FACTORIES[name](url);
  let runs = 0;

  serveBenchRequests(
    {
      run: async (run: AppendRun): Promise<TimedRun> => {
        const tag = `${name}-${++runs}-${randomBytes(3).toString('hex')}`;
        const writers = Array.from({ length: run.writers }, () => ({ stream: 0, appends: 0, revision: -1 }));
        return timeBoxed(run.durationMs, run.writers, async (index) => {
          const writer = writers[index];
          if (!writer) throw new Error(`no writer ${index}`);
          if (writer.appends === run.appendsPerStream) {
            writer.stream++;
            writer.appends = 0;
            writer.revision = -1;
          }
          const streamId = `bench-${tag}-w${index}-${writer.stream}`;
          const events = benchEvents(streamId, writer.revision + 1, run.eventsPerAppend);
          writer.revision = await system.append(streamId, events, writer.revision);
          writer.appends++;
          return events.length;
        });
      },
    },
    () => system.close(),
  );
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}

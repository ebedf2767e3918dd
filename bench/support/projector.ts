/**
 * A child process rebuilding read models for bench/rebuild.bench.ts, so that its memory is its own:
 *
 *   projector.ts DATABASE_URL
 *
 * 'rebuild' runs `rebuildProjection` (the engine `npm run projections:rebuild` runs) for one projection of
 * READ_MODEL_PROJECTIONS; 'read' is the baseline, the read floor: a raw SELECT of every event in pages of the
 * same size, by keyset on the global position, rows as pg parses them (jsonb included), nothing else done.
 */
import { performance } from 'node:perf_hooks';
import { Pool } from 'pg';
import { createDataSource } from '@lle/database';
import { PostgresEventStore } from '@lle/event-store';
import { rebuildProjection } from '@lle/projections';
import { READ_MODEL_PROJECTIONS } from '@lle/read-models';
import { serveBenchRequests } from './child';

export interface RebuildRun {
  readonly events: number;
  readonly applied: number;
  readonly elapsedMs: number;
}

const COLUMNS =
  'global_position, event_id, stream_id, stream_revision, event_type, data, metadata, recorded_at';

async function main(): Promise<void> {
  const url = process.argv[2];
  if (!url) throw new Error('usage: projector.ts DATABASE_URL');
  const dataSource = await createDataSource(url).initialize();
  const store = PostgresEventStore.fromUrl(url);
  const pool = new Pool({ connectionString: url, max: 2 });
  pool.on('error', () => undefined);

  serveBenchRequests(
    {
      rebuild: async ({ projection: name, chunkSize }: { projection: string; chunkSize?: number }) => {
        const projection = READ_MODEL_PROJECTIONS.find((candidate) => candidate.name === name);
        if (!projection) throw new Error(`No projection named ${name}`);
        const started = performance.now();
        const summary = await rebuildProjection({ dataSource, store }, projection, {
          ...(chunkSize === undefined ? {} : { chunkSize }),
        });
        return {
          events: summary.events,
          applied: summary.applied,
          elapsedMs: performance.now() - started,
        } satisfies RebuildRun;
      },
      read: async ({ pageSize }: { pageSize: number }) => {
        const started = performance.now();
        let events = 0;
        let after = '0';
        for (;;) {
          const { rows } = await pool.query<{ global_position: string }>(
            `SELECT ${COLUMNS} FROM event_store.events WHERE global_position > $1
              ORDER BY global_position LIMIT $2`,
            [after, pageSize],
          );
          events += rows.length;
          if (rows.length < pageSize) break;
          after = rows[rows.length - 1]!.global_position;
        }
        return { events, applied: 0, elapsedMs: performance.now() - started } satisfies RebuildRun;
      },
    },
    async () => {
      await pool.end();
      await store.close();
      await dataSource.destroy();
    },
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

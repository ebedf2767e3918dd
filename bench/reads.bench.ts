/**
 * 2. Reads through the PostgreSQL adapter, in events per second: one 10,000-event stream, and all events from
 * the start of the log, each against a raw SELECT of the same rows from the same table (the floor: one
 * statement, rows parsed by pg, nothing mapped).
 */
import { Pool } from 'pg';
import { PostgresEventStore } from '@lle/event-store';
import { createBenchDatabase, type BenchDatabase } from './support/database';
import { alternateRounds, perSecond, timeBoxed } from './support/measure';
import { formatNumber, result, type BenchContext, type Benchmark, type BenchResult } from './support/report';
import { benchEvent } from './support/workload';

const STREAM_EVENTS = 10_000;
const LONG_STREAM = 'bench-reads-long';
const COLUMNS =
  'global_position, event_id, stream_id, stream_revision, event_type, data, metadata, recorded_at';

const SETTINGS = {
  quick: { totalEvents: 50_000, roundMs: 600, rounds: 5 },
  full: { totalEvents: 200_000, roundMs: 2000, rounds: 9 },
} as const;

/**
 * Fills the log with `total` events: every (total / 10,000)th one belongs to the long stream, the rest to
 * streams of ten, so that the long stream's rows are spread through the table as a real one's would be.
 */
async function seed(pool: Pool, total: number): Promise<void> {
  const step = total / STREAM_EVENTS;
  if (!Number.isInteger(step)) throw new Error(`${total} events do not spread evenly over the long stream`);
  const { data, metadata } = benchEvent(LONG_STREAM, 0);
  // Where the store keeps a hash chain, each row needs a hash of the right form (not a valid chain: nothing
  // here verifies it, and the reads do not look at it).
  const { rows } = await pool.query<{ hashed: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM information_schema.columns
                     WHERE table_schema = 'event_store' AND table_name = 'events' AND column_name = 'hash') AS hashed`,
  );
  const hashed = rows[0]?.hashed === true;
  const chunk = 50_000;
  for (let from = 1; from <= total; from += chunk) {
    const to = Math.min(total, from + chunk - 1);
    await pool.query(
      `INSERT INTO event_store.events
         (global_position, event_id, stream_id, stream_revision, event_type, data, metadata${hashed ? ', hash' : ''})
       SELECT nextval('event_store.global_position_seq'), gen_random_uuid(),
              CASE WHEN g % $3 = 0 THEN $4 ELSE 'bench-reads-' || ((g - 1 - g / $3) / 10) END,
              CASE WHEN g % $3 = 0 THEN g / $3 - 1 ELSE (g - 1 - g / $3) % 10 END,
              'RoundScheduled',
              $5::jsonb || jsonb_build_object('sequence', g),
              jsonb_set($6::jsonb, '{correlationId}', to_jsonb(gen_random_uuid()::text))
              ${hashed ? `, encode(sha256(convert_to(g::text, 'UTF8')), 'hex')` : ''}
         FROM generate_series($1::bigint, $2::bigint) AS g
        ORDER BY g`,
      [from, to, step, LONG_STREAM, JSON.stringify(data), JSON.stringify(metadata)],
    );
  }
  await pool.query('VACUUM ANALYZE event_store.events');
}

export const readsBenchmark: Benchmark = {
  name: 'reads',
  async run(context: BenchContext): Promise<BenchResult[]> {
    const settings = SETTINGS[context.mode];
    let database: BenchDatabase | undefined;
    let store: PostgresEventStore | undefined;
    let pool: Pool | undefined;
    try {
      context.log(
        `reads: creating a fresh database and appending ${formatNumber(settings.totalEvents)} events`,
      );
      database = await createBenchDatabase('reads', true);
      pool = new Pool({ connectionString: database.url, max: 10 });
      await seed(pool, settings.totalEvents);
      store = PostgresEventStore.fromUrl(database.url);
      const ours = store;
      const raw = pool;

      const expect = (what: string, count: number, wanted: number) => {
        if (count !== wanted) throw new Error(`${what} read ${count} events, expected ${wanted}`);
        return count;
      };
      const cases = [
        {
          name: `reads: one ${formatNumber(STREAM_EVENTS)}-event stream`,
          wanted: STREAM_EVENTS,
          ours: async () => (await ours.readStream(LONG_STREAM)).length,
          raw: async () =>
            (
              await raw.query(
                `SELECT ${COLUMNS} FROM event_store.events WHERE stream_id = $1 ORDER BY stream_revision`,
                [LONG_STREAM],
              )
            ).rows.length,
        },
        {
          name: `reads: all ${formatNumber(settings.totalEvents)} events from zero`,
          wanted: settings.totalEvents,
          ours: async () => (await ours.readAll()).length,
          raw: async () =>
            (await raw.query(`SELECT ${COLUMNS} FROM event_store.events ORDER BY global_position`)).rows
              .length,
        },
      ];

      const results: BenchResult[] = [];
      for (const item of cases) {
        const contenders = [
          { name: 'ours', read: item.ours },
          { name: 'raw', read: item.raw },
        ];
        for (const contender of contenders) expect(contender.name, await contender.read(), item.wanted);
        const samples = await alternateRounds(
          contenders.map((contender) => ({
            name: contender.name,
            run: async () =>
              perSecond(
                await timeBoxed(settings.roundMs, 1, async () =>
                  expect(contender.name, await contender.read(), item.wanted),
                ),
              ),
          })),
          settings.rounds,
          (name, round, rate) =>
            context.log(
              `${item.name} round ${round + 1}/${settings.rounds}: ${name} ${formatNumber(rate)} events/s`,
            ),
        );
        results.push(
          result({
            benchmark: 'reads',
            name: item.name,
            unit: 'events/s',
            ours: samples.get('ours') ?? [],
            baselines: { 'raw SELECT': samples.get('raw') ?? [] },
          }),
        );
      }
      return results;
    } finally {
      await store?.close();
      await pool?.end();
      await database?.drop();
    }
  },
};

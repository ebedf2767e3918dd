import { createDataSource } from '@lle/database';
import type { Event } from '@lle/domain';
import { PostgresEventStore } from '@lle/event-store';
import { ProjectionRunner, type Projection } from '@lle/projections';
import { roundsProjection } from '@lle/read-models';

/**
 * The projection runner in a process of its own, for a test to kill: the rounds projection (slowed down by
 * APPLY_DELAY_MS per event, so a batch's transaction stays open long enough to be killed in) and a ledger
 * that inserts one row per round event with no conflict handling, so applying any event twice would fail.
 * Prints `ready` when running and `stopped` after a graceful stop on SIGTERM.
 */
const url = process.env.CHILD_DATABASE_URL;
if (!url) throw new Error('CHILD_DATABASE_URL is required');
const delayMs = Number(process.env.APPLY_DELAY_MS ?? 0);

const ledger: Projection = {
  name: 'crash_ledger',
  handles: roundsProjection.handles,
  tables: ['crash_ledger'],
  async apply(event, db) {
    await db.query(`INSERT INTO crash_ledger (position, stream_id) VALUES ($1, $2)`, [
      event.position.toString(),
      event.streamId,
    ]);
  },
};

function slowed<E extends Event>(projection: Projection<E>): Projection<E> {
  if (!delayMs) return projection;
  return {
    ...projection,
    async apply(event, db) {
      await projection.apply(event, db);
      await new Promise((resolve) => setTimeout(resolve, delayMs));
    },
  };
}

async function main(): Promise<void> {
  const dataSource = createDataSource(url!);
  dataSource.setOptions({ applicationName: 'projections-child' });
  await dataSource.initialize();
  const store = PostgresEventStore.fromUrl(url!, { pollIntervalMs: 10, poolSize: 3 });
  const runner = new ProjectionRunner({
    store,
    dataSource,
    projections: [slowed(roundsProjection), ledger],
    options: { batchIdleMs: 10 },
    logger: {
      log: (message) => process.stderr.write(`${message}\n`),
      warn: (message) => process.stderr.write(`WARN ${message}\n`),
      error: (message, stack) => process.stderr.write(`ERROR ${message}\n${stack ?? ''}\n`),
    },
  });
  process.once('SIGTERM', () => {
    void (async () => {
      await runner.stop();
      await store.close();
      await dataSource.destroy();
      process.stdout.write('stopped\n');
      process.exit(0);
    })();
  });
  runner.start();
  process.stdout.write('ready\n');
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});

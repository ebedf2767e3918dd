import { createDataSource } from '@lle/database';
import { PostgresEventStore } from '@lle/event-store';
import { ProjectionRunner, rebuildProjection, reconcileProjection, type Projection } from '@lle/projections';
import { appendAll, createTestDatabase, type TestDatabase, waitForProjections } from '@lle/test-support';
import type { DataSource } from 'typeorm';
import { brokerageScenario } from './brokerage-read-models.fixtures';
import { lleLoadProjection } from './lle-load/lle-load.projection';
import { placementsProjection } from './placements/placements.projection';
import { supportRequestsProjection } from './support-requests/support-requests.projection';

const projections: Projection[] = [supportRequestsProjection, placementsProjection, lleLoadProjection];

describe('rebuilding the brokerage read models', () => {
  let database: TestDatabase;
  let store: PostgresEventStore;
  let dataSource: DataSource;
  let runner: ProjectionRunner;

  beforeAll(async () => {
    database = await createTestDatabase();
    store = PostgresEventStore.fromUrl(database.url, { pollIntervalMs: 10, poolSize: 3 });
    dataSource = await createDataSource(database.url).initialize();
    await appendAll(store, brokerageScenario());
    runner = new ProjectionRunner({ store, dataSource, projections, options: { batchIdleMs: 5 } });
    runner.start();
    await caughtUp();
  });

  afterAll(async () => {
    await runner?.stop();
    await dataSource?.destroy();
    await store?.close();
    await database?.drop();
  });

  const caughtUp = (): Promise<void> =>
    waitForProjections(
      dataSource,
      store,
      projections.map((projection) => projection.name),
    );

  const rows = (projection: Projection): Promise<unknown[][]> =>
    Promise.all(
      projection.tables.map((table) => dataSource.query<unknown[]>(`SELECT * FROM ${table} ORDER BY 1, 2`)),
    );

  it.each(projections.map((projection) => [projection.name, projection] as const))(
    '%s: the live tables are identical to a rebuild from zero, and stay so when rebuilt and swapped in',
    async (_name, projection) => {
      const report = await reconcileProjection({ dataSource, store }, projection);
      expect(report.identical).toBe(true);
      expect(report.tables.map((t) => t.table)).toEqual(projection.tables);
      expect(report.tables.every((t) => t.liveRows > 0)).toBe(true);

      const before = await rows(projection);
      const summary = await rebuildProjection({ dataSource, store }, projection);
      expect(summary).toMatchObject({ projection: projection.name, phase: 'done' });
      expect(await rows(projection)).toEqual(before);
    },
  );
});

import type { PostgresEventStore } from '@lle/event-store';
import { rebuildProjection, reconcileProjection, type Projection } from '@lle/projections';
import { projectedScenario, type ProjectedScenario } from '@lle/test-support';
import type { DataSource } from 'typeorm';
import { brokerageScenario } from './brokerage-read-models.fixtures';
import { lleLoadProjection } from './lle-load/lle-load.projection';
import { placementsProjection } from './placements/placements.projection';
import { supportRequestsProjection } from './support-requests/support-requests.projection';

const projections: Projection[] = [supportRequestsProjection, placementsProjection, lleLoadProjection];

describe('rebuilding the brokerage read models', () => {
  let projected: ProjectedScenario;
  let store: PostgresEventStore;
  let dataSource: DataSource;

  beforeAll(async () => {
    projected = await projectedScenario(projections, brokerageScenario());
    ({ store, dataSource } = projected);
  });

  afterAll(() => projected?.close());

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

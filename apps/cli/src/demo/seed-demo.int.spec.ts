import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CommandHandler, EventRegistry } from '@lle/application';
import { createDataSource } from '@lle/database';
import { EVENT_TYPES } from '@lle/domain';
import { PostgresEventStore } from '@lle/event-store';
import { ProjectionRunner } from '@lle/projections';
import { READ_MODEL_PROJECTIONS } from '@lle/read-models';
import {
  createTestDatabase,
  projectionsDifferingFromRebuild,
  type TestDatabase,
  waitForProjections,
} from '@lle/test-support';
import type { DataSource } from 'typeorm';
import { importSchools } from '../schools/import-schools';
import { parseSchoolsCsv } from '../schools/parse-schools-csv';
import { planDemo } from './plan';
import { DemoSeeder } from './seed';
import { demoUseCases } from './use-cases';

describe('the demo seed', () => {
  let database: TestDatabase;
  let store: PostgresEventStore;
  let dataSource: DataSource;
  const rows = parseSchoolsCsv(
    readFileSync(join(__dirname, '../../../../test/fixtures/schools-sample.csv'), 'utf8'),
  ).rows;
  const plan = planDemo(
    rows.map((row) => row.record),
    { lles: 6, placements: 10, days: 40 },
  );

  beforeAll(async () => {
    database = await createTestDatabase();
    store = PostgresEventStore.fromUrl(database.url, { pollIntervalMs: 10 });
    dataSource = await createDataSource(database.url).initialize();
    await importSchools(new CommandHandler(store, new EventRegistry(EVENT_TYPES)), rows, {
      importId: 'schools',
      actor: { subject: 'schools-import', role: 'admin' },
    });
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await store?.close();
    await database?.drop();
  });

  async function countsByType(): Promise<Record<string, number>> {
    const counts: Record<string, number> = {};
    for (const event of await store.readAll()) counts[event.type] = (counts[event.type] ?? 0) + 1;
    return counts;
  }

  it('writes the planned history through the commands, nothing the second time, and read models that rebuild identical', async () => {
    const first = await new DemoSeeder(demoUseCases(store, dataSource), plan).run();
    const counts = await countsByType();
    for (const [type, expected] of Object.entries(plan.expected)) {
      expect([type, counts[type] ?? 0]).toEqual([type, expected]);
    }
    expect(plan.expected.LLEDesignated).toBe(6);
    expect(plan.expected.PlacementBrokered).toBe(10);
    expect(plan.expected.SupportDayLogged).toBe(40);
    for (const type of [
      'SupportDayVoided',
      'PlacementEndedEarly',
      'DaysTransferred',
      'ImpactEvaluationRecorded',
    ]) {
      expect([type, plan.expected[type]! > 0]).toEqual([type, true]);
    }
    expect(plan.placements.some((placement) => placement.guidelineOverride !== undefined)).toBe(true);
    expect(first.events).toBeGreaterThan(0);

    const head = await store.headPosition();
    const second = await new DemoSeeder(demoUseCases(store, dataSource), plan).run();
    expect(second.events).toBe(0);
    expect(await store.headPosition()).toBe(head);

    const runner = new ProjectionRunner({
      store,
      dataSource,
      projections: READ_MODEL_PROJECTIONS,
      options: { batchIdleMs: 5 },
    });
    runner.start();
    try {
      const names = READ_MODEL_PROJECTIONS.map((projection) => projection.name);
      await waitForProjections(dataSource, store, names, 15_000);
    } finally {
      await runner.stop();
    }
    expect(await projectionsDifferingFromRebuild(database.url, store, READ_MODEL_PROJECTIONS)).toEqual([]);
  }, 60_000);
});

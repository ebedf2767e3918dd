import { randomUUID } from 'node:crypto';
import { Test, type TestingModule } from '@nestjs/testing';
import { SettingsModule } from '@lle/config';
import { DatabaseModule } from '@lle/database';
import { roundStreamId } from '@lle/domain';
import { EVENT_STORE, EventStoreModule, type EventStore } from '@lle/event-store';
import { ProjectionRunner, ProjectionStatus, ReadYourWrites, readCheckpoints } from '@lle/projections';
import { createTestDatabase, type TestDatabase } from '@lle/test-support';
import { DataSource } from 'typeorm';
import { RoundsQuery } from '../rounds/rounds.query';
import { READ_MODEL_PROJECTIONS } from '../read-model-projections';
import { ReadModelsModule } from './read-models.module';

describe('ReadModelsModule', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase();
    process.env.DATABASE_URL = database.url;
  });

  afterAll(async () => {
    await database?.drop();
  });

  const compile = (readModels: ReturnType<typeof ReadModelsModule.forApi>): Promise<TestingModule> =>
    Test.createTestingModule({
      imports: [SettingsModule.forRoot(), EventStoreModule, DatabaseModule, readModels],
    }).compile();

  async function scheduleRound(store: EventStore): Promise<{ roundId: string; position: bigint }> {
    const roundId = randomUUID();
    const data = { roundId, alliance: 'CATSA', opensOn: '2027-01-11', closesOn: '2027-02-12' };
    const { position } = await store.appendToStream(
      roundStreamId(roundId),
      [
        {
          id: randomUUID(),
          type: 'RoundScheduled',
          data: { ...data, decisionsBy: '2027-03-19', inductionDates: [] },
          metadata: { schemaVersion: 2 },
        },
      ],
      'no_stream',
    );
    return { roundId, position };
  }

  it('forWorker() runs the projections from bootstrap until shutdown; forApi() only reads them', async () => {
    const worker = await compile(ReadModelsModule.forWorker({ batchIdleMs: 5 }));
    const api = await compile(ReadModelsModule.forApi());
    await worker.init();
    await api.init();
    try {
      const store = api.get<EventStore>(EVENT_STORE);
      const { roundId, position } = await scheduleRound(store);
      const names = READ_MODEL_PROJECTIONS.map((projection) => projection.name);
      expect(await api.get(ReadYourWrites).waitForPosition(names, position, 20_000)).toBe(true);
      expect(await api.get(RoundsQuery).get(roundId)).toMatchObject({ roundId, alliance: 'CATSA', position });
      expect(await api.get(ProjectionStatus).report()).toEqual(
        names.map((name): unknown => expect.objectContaining({ name, status: 'running', caughtUp: true })),
      );
      expect(() => api.get(ProjectionRunner)).toThrow();
    } finally {
      await worker.close();
    }

    // With the worker closed nothing projects any more, though the API still reads.
    const { position } = await scheduleRound(api.get<EventStore>(EVENT_STORE));
    expect(await api.get(ReadYourWrites).waitForPosition(['rounds'], position, 300)).toBe(false);
    const [checkpoint] = await readCheckpoints(api.get(DataSource), ['rounds']);
    expect(checkpoint!.position).toBeLessThan(position);
    await api.close();
  });
});

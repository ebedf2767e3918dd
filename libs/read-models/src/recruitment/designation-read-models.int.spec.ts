import { EventRegistry } from '@lle/application';
import { createDataSource } from '@lle/database';
import { EVENT_TYPES } from '@lle/domain';
import { PostgresEventStore, type RecordedEvent } from '@lle/event-store';
import { projectEvent, type Projection } from '@lle/projections';
import { appendAll, createTestDatabase, type TestDatabase } from '@lle/test-support';
import type { DataSource } from 'typeorm';
import { designationsScenario } from './recruitment-read-models.fixtures';
import { clustersProjection } from './clusters/clusters.projection';
import { ClustersQuery } from './clusters/clusters.query';
import { systemLeadersProjection } from './system-leaders/system-leaders.projection';
import { SystemLeadersQuery } from './system-leaders/system-leaders.query';
import { lleDirectoryProjection } from './lle-directory/lle-directory.projection';
import { LleDirectoryQuery } from './lle-directory/lle-directory.query';

const registry = new EventRegistry(EVENT_TYPES);
const projections: Projection[] = [lleDirectoryProjection, clustersProjection, systemLeadersProjection];
const TABLES = ['lle_directory', 'designation_history', 'clusters', 'system_leaders'];

/** The designation side of recruitment: the LLE directory and its history, clusters, system leaders. */
describe('LLE directory, clusters and system leaders projections', () => {
  let database: TestDatabase;
  let store: PostgresEventStore;
  let dataSource: DataSource;
  let events: RecordedEvent[];

  beforeAll(async () => {
    database = await createTestDatabase();
    store = PostgresEventStore.fromUrl(database.url, { poolSize: 2 });
    dataSource = await createDataSource(database.url).initialize();
    await appendAll(store, designationsScenario());
    events = await store.readAll();
    await apply(events);
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await store?.close();
    await database?.drop();
  });

  async function apply(list: readonly RecordedEvent[]): Promise<void> {
    await dataSource.transaction(async (db) => {
      for (const event of list) {
        for (const projection of projections) {
          if (projection.handles.includes(event.type))
            await projection.apply(projectEvent(registry, event), db);
        }
      }
    });
  }

  const allRows = async (): Promise<unknown[]> =>
    Promise.all(TABLES.map((table) => dataSource.query<unknown[]>(`SELECT * FROM ${table} ORDER BY 1, 2`)));
  const last = (streamId: string): RecordedEvent => events.filter((e) => e.streamId === streamId).at(-1)!;

  it('lists each designated LLE with their status, cluster and whether their personal data was erased', async () => {
    const directory = new LleDirectoryQuery(dataSource);
    expect(await directory.get('lle-1')).toEqual({
      lleId: 'lle-1',
      applicationId: 'app-of-lle-1',
      alliance: 'CATSA',
      schoolUrn: 136512,
      status: 'active',
      statusSince: '2027-05-20',
      statusReason: null,
      designatedFrom: '2027-04-01',
      designatedOn: '2027-03-20',
      reviewOn: '2030-03-31',
      daysPerYear: 12,
      clusterId: 'c2',
      erased: false,
      updatedAt: last('designation-lle-1').recordedAt,
      revision: 5,
      position: last('designation-lle-1').position,
    });
    // Designated again after it ended: active, in no cluster, from the new application.
    expect(await directory.get('lle-2')).toMatchObject({
      status: 'active',
      statusSince: '2028-04-01',
      applicationId: 'app-2028',
      clusterId: null,
    });
    expect(await directory.get('lle-3')).toMatchObject({ status: 'active', clusterId: 'c3', erased: true });
    expect(await directory.get('lle-9')).toBeUndefined();

    expect((await directory.list()).map((l) => l.lleId)).toEqual(['lle-1', 'lle-3', 'lle-4', 'lle-2']);
    expect((await directory.list({ alliance: 'CATSA', status: 'active' })).map((l) => l.lleId)).toEqual([
      'lle-1',
      'lle-2',
    ]);
    expect((await directory.list({ clusterId: 'c3' })).map((l) => l.lleId)).toEqual(['lle-3', 'lle-4']);
    expect(await directory.list({ status: 'suspended' })).toEqual([
      expect.objectContaining({
        lleId: 'lle-4',
        statusSince: '2027-06-10',
        statusReason: 'inspection_below_required',
        clusterId: 'c3',
      }),
    ]);
  });

  it('keeps every designation event in the history: suspension, reinstatement, move, ending', async () => {
    const directory = new LleDirectoryQuery(dataSource);
    const history = await directory.history('lle-1');
    expect(
      history.map((h) => [h.action, h.on, h.by, h.reason, h.note, h.clusterId, h.fromClusterId]),
    ).toEqual([
      ['designated', '2027-03-20', 'broker-1', null, null, null, null],
      ['assigned_to_cluster', '2027-04-02', 'broker-1', null, null, 'c1', null],
      ['suspended', '2027-05-01', 'broker-1', 'under_review', 'A concern raised by the LA', null, null],
      ['suspended', '2027-05-02', 'broker-1', 'other', null, null, null],
      ['reinstated', '2027-05-20', 'broker-1', null, null, null, null],
      ['moved_between_clusters', '2027-06-01', 'broker-1', 'Closer to c2 schools', null, 'c2', 'c1'],
    ]);
    expect(history[0]).toMatchObject({
      eventType: 'LLEDesignated',
      details: { applicationId: 'app-of-lle-1', from: '2027-04-01', daysPerAcademicYear: 12 },
      position: events.find((e) => e.streamId === 'designation-lle-1')!.position,
    });
    expect(history[0]!.details).not.toHaveProperty('lleId');
    expect((await directory.history('lle-2')).map((h) => [h.action, h.reason])).toEqual([
      ['designated', null],
      ['assigned_to_cluster', null],
      ['ended', 'head_left_school'],
      ['designated', null],
    ]);
    expect(await directory.history('lle-9')).toEqual([]);
  });

  it('gives each cluster its members from the directory, after moves and endings', async () => {
    const clusters = new ClustersQuery(dataSource);
    expect(await clusters.get('c2')).toEqual({
      clusterId: 'c2',
      name: 'Cluster c2',
      alliance: 'CATSA',
      nleId: 'nle-2',
      nleErased: false,
      competencies: [
        { competencyId: 'coaching', name: 'Coaching and mentoring' },
        { competencyId: 'impact', name: 'Evaluating impact' },
      ],
      formedOn: '2027-02-01',
      memberCount: 1,
      position: last('cluster-c2').position,
      members: [{ lleId: 'lle-1', status: 'active', schoolUrn: 136512, erased: false }],
    });
    expect(await clusters.get('c1')).toMatchObject({ nleErased: true, memberCount: 0, members: [] });
    expect(await clusters.get('c3')).toMatchObject({
      memberCount: 2,
      members: [
        { lleId: 'lle-3', status: 'active', schoolUrn: 136512, erased: true },
        { lleId: 'lle-4', status: 'suspended', schoolUrn: 136512, erased: false },
      ],
    });
    expect(await clusters.get('c9')).toBeUndefined();
    expect(
      (await clusters.list({ alliance: 'CATSA' })).map((c) => [c.clusterId, c.memberCount, c.nleErased]),
    ).toEqual([
      ['c1', 0, true],
      ['c2', 1, false],
      // Formed after its NLE was erased.
      ['c4', 0, true],
    ]);
    expect(await clusters.list()).toHaveLength(4);
  });

  it('lists the system leaders by role, with when they started and ended, and who was erased', async () => {
    const leaders = new SystemLeadersQuery(dataSource);
    expect((await leaders.list()).map((l) => [l.role, l.personId, l.status, l.erased])).toEqual([
      ['NLE', 'nle-1', 'designated', true],
      ['NLE', 'nle-2', 'designated', false],
      ['NLE', 'nle-3', 'designated', false],
      ['NLG', 'nle-1', 'designated', true],
      ['NLG', 'nlg-2', 'ended', false],
      ['SLE', 'sle-1', 'designated', false],
    ]);
    expect(await leaders.get('NLG', 'nlg-2')).toMatchObject({
      alliance: null,
      status: 'ended',
      designatedOn: '2025-09-01',
      endedOn: '2027-02-01',
      endReason: 'withdrew',
    });
    expect((await leaders.list({ role: 'NLE', alliance: 'CASSA' })).map((l) => l.personId)).toEqual([
      'nle-3',
    ]);
    // Recorded again after it ended: a new designation, with no ending.
    expect(await leaders.get('SLE', 'sle-1')).toEqual({
      personId: 'sle-1',
      role: 'SLE',
      alliance: null,
      schoolUrn: 110593,
      status: 'designated',
      designatedOn: '2027-09-01',
      recordedOn: '2027-09-02',
      endedOn: null,
      endReason: null,
      erased: false,
      updatedAt: last('system-leader-sle-sle-1').recordedAt,
      revision: 2,
      position: last('system-leader-sle-sle-1').position,
    });
    expect(await leaders.get('NLE', 'sle-1')).toBeUndefined();
  });

  it('leaves the rows unchanged when the events are applied twice, or older ones after newer ones', async () => {
    const before = await allRows();
    await apply(events);
    await apply([...events].reverse());
    expect(await allRows()).toEqual(before);
  });
});

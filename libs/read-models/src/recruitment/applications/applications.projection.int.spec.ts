import { randomUUID } from 'node:crypto';
import { EventRegistry } from '@lle/application';
import { createDataSource } from '@lle/database';
import { EVENT_TYPES } from '@lle/domain';
import { PostgresEventStore, type RecordedEvent } from '@lle/event-store';
import { projectEvent, type Projection } from '@lle/projections';
import { appendAll, createTestDatabase, type TestDatabase } from '@lle/test-support';
import type { DataSource } from 'typeorm';
import { applicationsScenario, partA, sealed } from '../recruitment-read-models.fixtures';
import { applicationsProjection } from './applications.projection';
import { ApplicationsQuery } from './applications.query';

const registry = new EventRegistry(EVENT_TYPES);
const projection: Projection = applicationsProjection;

describe('applications projection', () => {
  let database: TestDatabase;
  let store: PostgresEventStore;
  let dataSource: DataSource;
  let events: RecordedEvent[];
  let query: ApplicationsQuery;

  beforeAll(async () => {
    database = await createTestDatabase();
    store = PostgresEventStore.fromUrl(database.url, { poolSize: 2 });
    dataSource = await createDataSource(database.url).initialize();
    await appendAll(store, applicationsScenario('round-1', 'round-2'));
    // Noise the projection does not handle.
    await store.appendToStream('other-1', [{ id: randomUUID(), type: 'X', data: {}, metadata: {} }], 'any');
    events = await store.readAll();
    query = new ApplicationsQuery(dataSource);
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await store?.close();
    await database?.drop();
  });

  async function apply(list: readonly RecordedEvent[]): Promise<void> {
    await dataSource.transaction(async (db) => {
      for (const event of list) {
        if (projection.handles.includes(event.type))
          await projection.apply(projectEvent(registry, event), db);
      }
    });
  }

  const allRows = async (): Promise<unknown[]> => [
    ...(await dataSource.query<unknown[]>(`SELECT * FROM applications ORDER BY application_id`)),
    ...(await dataSource.query<unknown[]>(
      `SELECT * FROM application_stage_history ORDER BY application_id, position`,
    )),
  ];
  const eventAt = (streamId: string, revision: number): RecordedEvent =>
    events.find((e) => e.streamId === streamId && e.revision === revision)!;

  it('keeps one row per application, with its next stage, in the order a work queue is worked', async () => {
    await apply(events);

    const queue = await query.list();
    expect(queue.map((a) => [a.applicationId, a.status, a.currentStage])).toEqual([
      ['app-b', 'in_assessment', 'part_b'],
      ['app-a', 'approved', 'done'],
      ['app-e', 'in_assessment', 'panel'],
      ['app-c', 'withdrawn', 'done'],
      ['app-d', 'submitted', 'part_a'],
    ]);
    expect(queue[1]).toEqual({
      applicationId: 'app-a',
      roundId: 'round-1',
      alliance: 'CATSA',
      applicantId: 'applicant-1',
      applicantErased: true,
      schoolUrn: 136512,
      refereeId: 'referee-1',
      refereeKind: 'teaching_school_headteacher',
      refereeErased: false,
      status: 'approved',
      currentStage: 'done',
      stagesCompleted: ['part_a', 'part_b', 'reference', 'panel'],
      panelDecision: 'designate',
      partBAssessors: 2,
      submittedOn: '2027-01-20',
      updatedAt: eventAt('application-app-a', 6).recordedAt,
      revision: 6,
      position: eventAt('application-app-a', 6).position,
    });
    // A deferral leaves the panel to do.
    expect(queue[2]).toMatchObject({
      panelDecision: 'defer',
      stagesCompleted: ['part_a', 'part_b', 'reference'],
    });

    expect((await query.list({ stage: 'part_a' })).map((a) => a.applicationId)).toEqual(['app-d']);
    expect((await query.list({ status: 'withdrawn' })).map((a) => a.applicationId)).toEqual(['app-c']);
    expect((await query.list({ roundId: 'round-2', alliance: 'CASSA' })).map((a) => a.applicationId)).toEqual(
      ['app-c', 'app-d'],
    );
    expect(await query.list({ alliance: 'ANGLIAN_GATEWAY' })).toEqual([]);
    expect(await query.get('app-z')).toBeUndefined();
  });

  it('gives an application with every stage on record, sealed text as it came, and its whole history', async () => {
    const a = (await query.get('app-a'))!;
    expect(a.precheck).toHaveLength(10);
    expect(a.precheck.find((p) => p.criterion === 'COACHING_EXPERIENCE')).toMatchObject({
      result: 'working_towards',
    });
    expect(a.partA.content).toEqual(partA);
    expect(a.partA.verification).toMatchObject({ verifiedBy: 'assessor-1', verifiedOn: '2027-02-15' });
    expect(a.partA.verification!.verdicts.find((v) => v.criterion === 'COACHING_EXPERIENCE')).toEqual({
      criterion: 'COACHING_EXPERIENCE',
      proposed: 'working_towards',
      verdict: 'met',
      evidenceNote: sealed('LA programme records'),
      overruleReason: sealed('The second mentoring has since finished'),
    });
    expect(a.partB).toEqual({
      sections: [
        { area: 'impact', text: sealed('How my leadership raised standards') },
        { area: 'coaching', text: sealed('How I coach other heads') },
      ],
      assessments: ['assessor-2', 'assessor-3'].map((assessedBy) => ({
        assessedBy,
        assessedOn: '2027-02-20',
        scores: [
          { area: 'impact', score: 3 },
          { area: 'coaching', score: 4 },
        ],
        comment: sealed(`Comment of ${assessedBy}`),
      })),
      completed: true,
    });
    expect(a.referee).toEqual({
      refereeId: 'referee-1',
      kind: 'teaching_school_headteacher',
      erased: false,
      review: {
        supportsApplication: true,
        commitsToDeploying: true,
        notes: sealed('The referee commits to deploying the applicant'),
        reviewedBy: 'assessor-1',
        reviewedOn: '2027-02-25',
      },
    });
    expect(a.panel).toEqual({
      decision: 'designate',
      reasons: sealed('Panel: designate'),
      decidedBy: 'panel-1',
      decidedOn: '2027-02-28',
    });
    expect(a.history.map((h) => [h.eventType, h.stage, h.action, h.by, h.on])).toEqual([
      ['ApplicationSubmitted', null, 'submitted', 'broker-1', '2027-01-20'],
      ['PartAVerified', 'part_a', 'recorded', 'assessor-1', '2027-02-15'],
      ['PartBAssessed', 'part_b', 'recorded', 'assessor-2', '2027-02-20'],
      ['PartBAssessed', 'part_b', 'recorded', 'assessor-3', '2027-02-20'],
      ['PartBAssessmentCompleted', 'part_b', 'completed', 'assessor-1', '2027-02-20'],
      ['ReferenceReviewed', 'reference', 'recorded', 'assessor-1', '2027-02-25'],
      ['PanelDecisionRecorded', 'panel', 'recorded', 'panel-1', '2027-02-28'],
    ]);
    expect(a.history[6]).toMatchObject({
      details: { decision: 'designate', reasons: sealed('Panel: designate') },
      position: eventAt('application-app-a', 6).position,
    });
    expect(a.history[0]!.details).not.toHaveProperty('applicationId');
    expect(a.history[0]!.details).toMatchObject({ applicantId: 'applicant-1', partA });
  });

  it('reopens a reassessed stage and every later one, keeping what was done before in the history', async () => {
    const b = (await query.get('app-b'))!;
    expect(b).toMatchObject({
      status: 'in_assessment',
      currentStage: 'part_b',
      stagesCompleted: ['part_a'],
      panelDecision: null,
      partBAssessors: 1,
      refereeId: 'referee-3',
      refereeErased: true,
      panel: null,
    });
    // The amendment replaced the referee and Part B.
    expect(b.partB.sections[0]).toEqual({
      area: 'impact',
      text: sealed('Amended: how my leadership raised standards'),
    });
    expect(b.partB.assessments.map((x) => x.assessedBy)).toEqual(['assessor-4']);
    expect(b.partB.completed).toBe(false);
    expect(b.referee.review).toBeNull();
    expect(b.partA.verification).not.toBeNull();
    expect(b.history.map((h) => [h.stage, h.action])).toEqual([
      [null, 'submitted'],
      [null, 'amended'],
      ['part_a', 'recorded'],
      ['part_b', 'recorded'],
      ['part_b', 'recorded'],
      ['part_b', 'completed'],
      ['reference', 'recorded'],
      ['part_b', 'reopened'],
      ['part_b', 'recorded'],
    ]);
    expect(b.history[7]).toMatchObject({
      eventType: 'AssessmentStageReopened',
      by: 'assessor-1',
      on: '2027-03-01',
      details: {
        reopened: ['part_b', 'reference'],
        reason: sealed('An assessor had a conflict of interest'),
      },
    });
  });

  it('marks the applications of an erased person, as applicant or referee, even those written after', async () => {
    const erased = (await query.list()).map((a) => [a.applicationId, a.applicantErased, a.refereeErased]);
    expect(erased).toEqual([
      ['app-b', false, true],
      ['app-a', true, false],
      ['app-e', false, false],
      ['app-c', false, false],
      ['app-d', false, true],
    ]);
  });

  it('leaves the rows unchanged when the events are applied twice, or older ones after newer ones', async () => {
    const before = await allRows();
    await apply(events);
    await apply([...events].reverse());
    expect(await allRows()).toEqual(before);
  });
});

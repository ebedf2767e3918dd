import { randomUUID } from 'node:crypto';
import { CommandHandler, EventRegistry } from '@lle/application';
import { createDataSource } from '@lle/database';
import {
  dateInEngland,
  DEFAULT_BROKERAGE_RULES,
  EVENT_TYPES,
  lleCommitmentsDecider,
  lleCommitmentsStreamId,
  lleDesignationStreamId,
  placementDecider,
  placementStreamId,
  schoolDecider,
  schoolStreamId,
  supportRequestStreamId,
  type Actor,
  type BrokerPlacement,
  type CommandMetadata,
  type SchoolRecord,
} from '@lle/domain';
import type { EventStore, RecordedEvent } from '@lle/event-store';
import { ProjectionRunner, readCheckpoints, resetCheckpoint } from '@lle/projections';
import {
  createTestDatabase,
  esdbAdapter,
  postgresAdapter,
  type OpenedStore,
  type TestDatabase,
} from '@lle/test-support';
import type { DataSource } from 'typeorm';
import { BrokerageService } from '../../../api/src/brokerage/shared/brokerage-service';
import { brokerageReactors, reactorMetadata } from './brokerage.reactors';

/**
 * The process died right after deciding on the LLE's commitments (brokering's first append): the reactor
 * opens the placement and marks the request brokered, once, however often it runs; it ends the placement
 * early when the request stopped waiting; and it settles the commitments after a placement ended on its
 * own stream only.
 */
describe.each([postgresAdapter, esdbAdapter])('brokerage reactors on $name', (adapter) => {
  let opened: OpenedStore;
  let store: EventStore;
  let database: TestDatabase;
  let dataSource: DataSource;
  let brokerage: BrokerageService;
  let commands: CommandHandler;
  const registry = new EventRegistry(EVENT_TYPES);
  const broker: Actor = { subject: 'broker-CATSA', role: 'broker', alliance: 'CATSA' };
  const LLE_SCHOOL = 110001;
  const RECIPIENT = 110002;
  const today = dateInEngland(new Date());
  const lleId = randomUUID();
  const names = ['placement_brokering_reactor', 'placement_follow_ups_reactor'];

  const metadata = (actor: Actor = broker): CommandMetadata => ({
    now: new Date(),
    actor,
    correlationId: randomUUID(),
    causationId: randomUUID(),
  });

  beforeAll(async () => {
    opened = await adapter.open();
    store = opened.store;
    database = await createTestDatabase();
    dataSource = await createDataSource(database.url).initialize();
    brokerage = new BrokerageService({ store, registry, rules: DEFAULT_BROKERAGE_RULES });
    commands = new CommandHandler(store, registry);
    const school = (urn: number): SchoolRecord => ({
      urn,
      name: `School ${urn}`,
      laCode: '873',
      laName: 'Cambridgeshire',
      phase: 'Primary',
      status: 'Open',
    });
    for (const record of [school(LLE_SCHOOL), school(RECIPIENT)]) {
      await commands.handle(schoolDecider, schoolStreamId(record.urn), {
        type: 'RecordSchool',
        data: record,
        metadata: metadata({ subject: 'schools-import', role: 'admin' }),
      });
    }
    await store.appendToStream(
      lleDesignationStreamId(lleId),
      [
        {
          id: randomUUID(),
          type: 'LLEDesignated',
          data: {
            lleId,
            applicationId: randomUUID(),
            alliance: 'CATSA',
            schoolUrn: LLE_SCHOOL,
            from: '2020-09-01',
            reviewOn: '2035-09-01',
            daysPerAcademicYear: 12,
            designatedOn: '2020-09-01',
          },
          metadata: { schemaVersion: 1 },
        },
      ],
      'no_stream',
    );
  }, 60_000);

  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
    await opened?.close();
  });

  async function requestSupport(): Promise<string> {
    const { requestId } = await brokerage.requestSupport(
      {
        alliance: 'CATSA',
        requestingBody: { kind: 'local_authority', laCode: '873' },
        recipientUrn: RECIPIENT,
        need: 'Leadership of maths',
        phase: 'Primary',
        preferredStart: today,
        halfDaysHopedFor: 4,
      },
      metadata(),
    );
    return requestId;
  }

  /** Brokering's first append only, as if the process died right after it. */
  async function brokeredOnly(requestId: string): Promise<{ placementId: string; event: RecordedEvent }> {
    const placementId = randomUUID();
    const command: BrokerPlacement = {
      type: 'BrokerPlacement',
      data: {
        placementId,
        requestId,
        lleId,
        halfDaysAgreed: 4,
        startDate: today,
        endPoint: { date: today, description: 'Done' },
        dayRatePence: 45_000,
        lleSchoolShareBps: 5_000,
        objectives: [{ objectiveId: 'maths', description: 'A maths lead who leads' }],
      },
      metadata: metadata(),
    };
    await commands.handle(lleCommitmentsDecider, lleCommitmentsStreamId(lleId), command, {
      context: async () => ({
        rules: DEFAULT_BROKERAGE_RULES,
        lle: await brokerage.streams.lle(lleId),
        request: await brokerage.streams.request(requestId),
        recipient: await brokerage.streams.school(RECIPIENT),
      }),
    });
    const event = (await store.readStream(lleCommitmentsStreamId(lleId))).find(
      (candidate) => (candidate.data as { placementId?: string }).placementId === placementId,
    )!;
    return { placementId, event };
  }

  /**
   * A fresh runner of the reactors, run until both checkpoints reach the head, then stopped. It runs for a
   * moment at least: a runner stopped while still starting up waits for the next event before it stops.
   */
  async function runReactors(): Promise<void> {
    const runner = new ProjectionRunner({
      store,
      dataSource,
      projections: brokerageReactors(brokerage),
      options: { batchIdleMs: 5, applyAttempts: 1 },
    });
    const head = (await store.headPosition()) ?? 0n;
    runner.start();
    try {
      for (let waited = 0; ; waited += 50) {
        const checkpoints = await readCheckpoints(dataSource, names);
        if (checkpoints.some((checkpoint) => checkpoint.status === 'paused')) {
          throw new Error(`A reactor paused: ${checkpoints.map((c) => c.lastError).join('; ')}`);
        }
        const caughtUp =
          checkpoints.length === 2 && checkpoints.every((checkpoint) => checkpoint.position >= head);
        if (caughtUp && waited >= 300) return;
        if (waited > 20_000) throw new Error('The reactors did not reach the head');
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    } finally {
      await runner.stop();
    }
  }

  async function types(streamId: string): Promise<string[]> {
    return (await store.readStream(streamId)).map((event) => event.type);
  }

  it('opens the placement and marks the request brokered, exactly once even when run again', async () => {
    const requestId = await requestSupport();
    const { placementId, event } = await brokeredOnly(requestId);
    expect(await types(placementStreamId(placementId))).toEqual([]);
    expect(await types(supportRequestStreamId(requestId))).toEqual(['SupportRequested']);

    await runReactors();
    const [openedEvent] = await store.readStream(placementStreamId(placementId));
    expect(openedEvent).toMatchObject({ type: 'PlacementOpened', data: event.data });
    expect(openedEvent!.metadata).toMatchObject({
      actor: broker,
      command: 'OpenPlacement',
      correlationId: event.metadata.correlationId,
      causationId: reactorMetadata(event, 'placement_brokering_reactor').causationId,
    });
    const request = await store.readStream(supportRequestStreamId(requestId));
    expect(request.map((event) => event.type)).toEqual(['SupportRequested', 'SupportRequestBrokered']);
    expect(request[1]!.data).toMatchObject({ requestId, placementId, lleId });

    // Run again from the very beginning, and once more: nothing new.
    const head = await store.headPosition();
    for (const name of names) await resetCheckpoint(dataSource, name, 0n);
    await runReactors();
    await runReactors();
    expect(await store.headPosition()).toBe(head);
    expect(await types(placementStreamId(placementId))).toEqual(['PlacementOpened']);
    expect(await types(supportRequestStreamId(requestId))).toEqual([
      'SupportRequested',
      'SupportRequestBrokered',
    ]);

    // The placement then completes on its own stream, and the process dies before the commitments are
    // told: the reactor closes the commitment at the days delivered.
    await commands.handle(
      placementDecider,
      placementStreamId(placementId),
      { type: 'CompletePlacement', data: { placementId }, metadata: metadata() },
      { context: async () => ({ rules: DEFAULT_BROKERAGE_RULES }) },
    );
    await runReactors();
    const closed = (await store.readStream(lleCommitmentsStreamId(lleId))).filter(
      (candidate) => candidate.type === 'PlacementCommitmentClosed',
    );
    expect(closed.map((candidate) => candidate.data)).toEqual([
      expect.objectContaining({ placementId, outcome: 'completed', halfDaysBefore: 4, halfDaysDelivered: 0 }),
    ]);
  }, 60_000);

  it('ends the placement early, freeing the days, when the request stopped waiting in between', async () => {
    const requestId = await requestSupport();
    const { placementId } = await brokeredOnly(requestId);
    await brokerage.withdrawSupportRequest(requestId, 'The school joined a trust', metadata());

    await runReactors();
    await runReactors();
    const placement = await store.readStream(placementStreamId(placementId));
    expect(placement.map((event) => event.type)).toEqual(['PlacementOpened', 'PlacementEndedEarly']);
    expect((placement[1]!.data as { reason: string }).reason).toContain('no longer waiting');
    expect(await types(supportRequestStreamId(requestId))).toEqual([
      'SupportRequested',
      'SupportRequestWithdrawn',
    ]);
    const closed = (await store.readStream(lleCommitmentsStreamId(lleId))).filter(
      (event) =>
        event.type === 'PlacementCommitmentClosed' &&
        (event.data as { placementId: string }).placementId === placementId,
    );
    expect(closed.map((event) => event.data)).toEqual([
      expect.objectContaining({ outcome: 'ended_early', halfDaysBefore: 4, halfDaysDelivered: 0 }),
    ]);
  }, 60_000);
});

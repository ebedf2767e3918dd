import { randomUUID } from 'node:crypto';
import { CommandHandler, EventRegistry } from '@lle/application';
import {
  dateInEngland,
  DEFAULT_BROKERAGE_RULES,
  DomainError,
  EVENT_TYPES,
  lleCommitmentsStreamId,
  lleDesignationStreamId,
  personDaysStreamId,
  placementStreamId,
  schoolDecider,
  schoolStreamId,
  type Actor,
  type CommandMetadata,
  type SchoolRecord,
} from '@lle/domain';
import type { EventStore } from '@lle/event-store';
import { esdbAdapter, postgresAdapter, type OpenedStore } from '@lle/test-support';
import { BrokerageService } from './shared/brokerage-service';

/**
 * The two invariants that concurrency threatens, on each event store adapter, through the same use-case
 * code the API runs (BrokerageService): 50 brokers placing one LLE at once never commit more days than
 * the LLE's capacity, and a support day sent 100 times at once is logged and reserved once.
 */
describe.each([postgresAdapter, esdbAdapter])('brokerage at the same moment on $name', (adapter) => {
  let opened: OpenedStore;
  let store: EventStore;
  let brokerage: BrokerageService;
  const registry = new EventRegistry(EVENT_TYPES);
  const broker: Actor = { subject: 'broker-CATSA', role: 'broker', alliance: 'CATSA' };
  const LLE_SCHOOL = 110001;
  const RECIPIENT = 110002;
  const today = dateInEngland(new Date());
  const lleId = randomUUID();

  const metadata = (actor: Actor = broker): CommandMetadata => ({
    now: new Date(),
    actor,
    correlationId: randomUUID(),
    causationId: randomUUID(),
  });

  beforeAll(async () => {
    opened = await adapter.open();
    console.log(`Brokerage concurrency on ${opened.description}`);
    store = opened.store;
    brokerage = new BrokerageService({ store, registry, rules: DEFAULT_BROKERAGE_RULES });
    const commands = new CommandHandler(store, registry);
    const school = (urn: number, phase: string): SchoolRecord => ({
      urn,
      name: `School ${urn}`,
      laCode: '873',
      laName: 'Cambridgeshire',
      phase,
      status: 'Open',
    });
    for (const record of [school(LLE_SCHOOL, 'Primary'), school(RECIPIENT, 'Primary')]) {
      await commands.handle(schoolDecider, schoolStreamId(record.urn), {
        type: 'RecordSchool',
        data: record,
        metadata: metadata({ subject: 'schools-import', role: 'admin' }),
      });
    }
    // An LLE designated years ago, who can give 12 days a year (24 half-days).
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
        halfDaysHopedFor: 2,
      },
      metadata(),
    );
    return requestId;
  }

  const placementId: string[] = [];

  it('50 placements of one day at once at one LLE: never more days committed than the capacity', async () => {
    const requestIds = await Promise.all(Array.from({ length: 50 }, () => requestSupport()));
    const outcomes = await Promise.allSettled(
      requestIds.map((requestId) =>
        brokerage.brokerPlacement(
          {
            requestId,
            lleId,
            halfDaysAgreed: 2,
            startDate: today,
            endPoint: { date: today, description: 'Done' },
            dayRatePence: 45_000,
            lleSchoolShareBps: 5_000,
            objectives: [{ objectiveId: 'maths', description: 'A maths lead who leads' }],
          },
          metadata(),
        ),
      ),
    );
    const answers = outcomes.map((outcome) =>
      outcome.status === 'fulfilled'
        ? 'brokered'
        : outcome.reason instanceof DomainError
          ? outcome.reason.code
          : String(outcome.reason),
    );
    const brokeredCount = answers.filter((answer) => answer === 'brokered').length;
    const refused = answers.filter((answer) => answer === 'CAPACITY_EXCEEDED').length;
    const events = await store.readStream(lleCommitmentsStreamId(lleId));
    const committed = events
      .filter((event) => event.type === 'PlacementBrokered')
      .reduce((sum, event) => sum + (event.data as { halfDaysAgreed: number }).halfDaysAgreed, 0);
    console.log(
      `${adapter.name}: 50 placements at once: ${brokeredCount} brokered, ${refused} CAPACITY_EXCEEDED; ` +
        `${committed} of 24 half-days committed`,
    );
    expect(brokeredCount + refused).toBe(50);
    expect(brokeredCount).toBe(12);
    expect(events.filter((event) => event.type === 'PlacementBrokered')).toHaveLength(12);
    expect(committed).toBe(24);
    for (const outcome of outcomes) {
      if (outcome.status === 'fulfilled') placementId.push(outcome.value.placementId);
    }
  }, 120_000);

  it('the same day sent 100 times at once: one SupportDayLogged, one reservation', async () => {
    const target = placementId[0]!;
    const lle: Actor = { subject: lleId, role: 'lle' };
    const dayId = randomUUID();
    const outcomes = await Promise.allSettled(
      Array.from({ length: 100 }, () =>
        brokerage.logSupportDay(
          { placementId: target, dayId, date: today, length: 'full', note: 'Coached the maths lead' },
          metadata(lle),
        ),
      ),
    );
    const failures = outcomes.filter((outcome) => outcome.status === 'rejected');
    const written = outcomes.reduce(
      (sum, outcome) => sum + (outcome.status === 'fulfilled' ? outcome.value.written : 0),
      0,
    );
    const logged = (await store.readStream(placementStreamId(target))).filter(
      (event) => event.type === 'SupportDayLogged',
    );
    const reserved = (await store.readStream(personDaysStreamId(lleId))).filter(
      (event) => event.type === 'PersonDayReserved',
    );
    console.log(
      `${adapter.name}: the same day 100 times at once: ${100 - failures.length} answered, ` +
        `${logged.length} SupportDayLogged, ${reserved.length} PersonDayReserved, ${written} events written`,
    );
    expect(failures.map((outcome) => String(outcome.reason))).toEqual([]);
    expect(logged).toHaveLength(1);
    expect(reserved).toHaveLength(1);
    expect(written).toBe(2);
  }, 120_000);
});

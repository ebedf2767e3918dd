import { randomUUID } from 'node:crypto';
import { EventRegistry } from '@lle/application';
import {
  dayChargeStreamId,
  DEFAULT_BILLING_RULES,
  EVENT_TYPES,
  placementStreamId,
  vatTreatmentStreamId,
  type Event,
} from '@lle/domain';
import { InMemoryEventStore, type EventStore, type RecordedEvent } from '@lle/event-store';
import { billSupportDayJob, type BillSupportDayJob } from './billing-queue';
import { DayChargeBilling } from './day-charge-billing';

const registry = new EventRegistry(EVENT_TYPES);

async function append(store: EventStore, streamId: string, events: Event[]): Promise<RecordedEvent[]> {
  await store.appendToStream(
    streamId,
    events.map((event) => ({
      id: randomUUID(),
      type: event.type,
      data: event.data as never,
      metadata: { schemaVersion: 1, correlationId: 'request-1' },
    })),
    'any',
  );
  return store.readStream(streamId);
}

describe('DayChargeBilling (the job) on an event store', () => {
  let store: InMemoryEventStore;
  let billing: DayChargeBilling;
  const placementId = randomUUID();
  const dayId = randomUUID();
  let logJob: BillSupportDayJob;
  let voidJob: BillSupportDayJob;

  beforeEach(async () => {
    store = new InMemoryEventStore();
    billing = new DayChargeBilling(store, registry, DEFAULT_BILLING_RULES);
    const day = { placementId, dayId, personId: 'p', date: '2027-10-20', halfDays: 2 as const };
    const recorded = await append(store, placementStreamId(placementId), [
      {
        type: 'PlacementOpened',
        data: {
          placementId,
          requestId: 'r',
          lleId: 'p',
          alliance: 'CASSA',
          lleSchoolUrn: 124_000,
          recipientUrn: 124_001,
          requestingBody: { kind: 'diocese', diocese: 'Ely' },
          dayRatePence: 40_000,
          lleSchoolShareBps: 2_500,
        },
      },
      { type: 'SupportDayLogged', data: { ...day, deliveredAs: 'lle', note: '', loggedOn: day.date } },
      { type: 'SupportDayVoided', data: { ...day, reason: 'Wrong placement', voidedOn: day.date } },
    ]);
    logJob = billSupportDayJob(recorded[1] as never);
    voidJob = billSupportDayJob(recorded[2] as never);
  });

  it('charges once and reverses once whatever runs: jobs in any order, duplicates, all at the same time', async () => {
    await Promise.all([
      billing.bill(voidJob),
      billing.bill(logJob),
      billing.bill(logJob),
      billing.bill(voidJob),
      billing.bill(logJob),
    ]);
    await billing.bill(logJob);
    const stream = await store.readStream(dayChargeStreamId(dayId));
    expect(stream.map((event) => event.type)).toEqual([
      'DayCharged',
      'ShareCredited',
      'DayChargeReversed',
      'ShareReversed',
    ]);
    expect(stream[0]!.data).toMatchObject({
      netPence: 40_000,
      vat: { treatment: 'standard', vatPence: 8_000 },
    });
    expect(stream[0]!.metadata).toMatchObject({
      correlationId: 'request-1',
      actor: { subject: 'billing-job' },
    });
    expect(stream[1]!.data).toMatchObject({ sharePence: 10_000, allianceIncomePence: 30_000 });
  });

  it('a job run again, or twice at once (same event ids at the same revision), writes nothing new', async () => {
    const [first, twin] = await Promise.all([billing.bill(logJob), billing.bill(logJob)]);
    const again = await billing.bill(logJob);
    // The void is already on the placement: the log's job charges and reverses in one append.
    expect(first.written).toBe(4);
    expect(twin.revision).toBe(first.revision);
    // A log's job appends without reading the charge stream first: run again, it re-appends the same ids,
    // which the store answers with the first append's result.
    expect(again).toMatchObject({ revision: first.revision, position: first.position });
    const stream = await store.readStream(dayChargeStreamId(dayId));
    expect(stream).toHaveLength(4);
    expect(new Set(stream.map((event) => event.id)).size).toBe(4);
  });

  it("a log's job run again after the void, its charge on record, leaves the reversal to the void's job", async () => {
    const otherPlacement = randomUUID();
    const otherDay = randomUUID();
    const day = {
      placementId: otherPlacement,
      dayId: otherDay,
      personId: 'p',
      date: '2027-10-21',
      halfDays: 1 as const,
    };
    const [terms] = await store.readStream(placementStreamId(placementId));
    const [, log] = await append(store, placementStreamId(otherPlacement), [
      { type: 'PlacementOpened', data: { ...(terms!.data as object), placementId: otherPlacement } },
      { type: 'SupportDayLogged', data: { ...day, deliveredAs: 'lle', note: '', loggedOn: day.date } },
    ]);
    const job = billSupportDayJob(log as never);
    expect((await billing.bill(job)).written).toBe(2);
    const recorded = await append(store, placementStreamId(otherPlacement), [
      { type: 'SupportDayVoided', data: { ...day, reason: 'Wrong placement', voidedOn: day.date } },
    ]);
    // A restarted worker (nothing kept) runs the log's job again: it sees the void, and writes nothing.
    const restarted = new DayChargeBilling(store, registry, DEFAULT_BILLING_RULES);
    expect((await restarted.bill(job)).written).toBe(0);
    expect(await store.readStream(dayChargeStreamId(otherDay))).toHaveLength(2);
    await restarted.bill(billSupportDayJob(recorded[2] as never));
    const stream = await store.readStream(dayChargeStreamId(otherDay));
    expect(stream.map((event) => event.type)).toEqual([
      'DayCharged',
      'ShareCredited',
      'DayChargeReversed',
      'ShareReversed',
    ]);
  });

  it("uses finance's treatment for the body, else the kind's default", async () => {
    await append(store, vatTreatmentStreamId('diocese', 'Ely'), [
      {
        type: 'VatTreatmentSet',
        data: {
          bodyKind: 'diocese',
          bodyId: 'Ely',
          treatment: 'outside_scope',
          reason: 'Ruling',
          setOn: '2027-09-01',
        },
      },
    ]);
    await billing.bill(logJob);
    const [charged] = await store.readStream(dayChargeStreamId(dayId));
    expect(charged!.data).toMatchObject({ vat: { treatment: 'outside_scope', rateBps: 0, vatPence: 0 } });
  });
  it('reads a placement once for its days, and a new day from where it left off; no charge stream for a log', async () => {
    const dayTwo = randomUUID();
    const [loggedTwo] = (
      await append(store, placementStreamId(placementId), [
        {
          type: 'SupportDayLogged',
          data: {
            placementId,
            dayId: dayTwo,
            personId: 'p',
            date: '2027-10-21',
            halfDays: 1,
            deliveredAs: 'lle',
            note: '',
            loggedOn: '2027-10-21',
          },
        },
      ])
    ).slice(-1);
    const reads: Array<[string, number | undefined]> = [];
    const readStream = store.readStream.bind(store);
    jest.spyOn(store, 'readStream').mockImplementation((streamId, options) => {
      reads.push([streamId, options?.fromRevision]);
      return readStream(streamId, options);
    });
    await billing.bill(logJob);
    await billing.bill(billSupportDayJob(loggedTwo as never));
    const placementReads = reads.filter(([streamId]) => streamId === placementStreamId(placementId));
    expect(placementReads).toEqual([[placementStreamId(placementId), 0]]);
    expect(reads.filter(([streamId]) => streamId.startsWith('day-charge-'))).toEqual([]);

    const dayThree = randomUUID();
    const recorded = await append(store, placementStreamId(placementId), [
      {
        type: 'SupportDayLogged',
        data: {
          placementId,
          dayId: dayThree,
          personId: 'p',
          date: '2027-10-22',
          halfDays: 2,
          deliveredAs: 'lle',
          note: '',
          loggedOn: '2027-10-22',
        },
      },
    ]);
    reads.splice(reads.findIndex(([, fromRevision]) => fromRevision === undefined)); // the helper's read
    await billing.bill(billSupportDayJob(recorded.at(-1) as never));
    expect(reads.filter(([streamId]) => streamId === placementStreamId(placementId))).toEqual([
      [placementStreamId(placementId), 0],
      [placementStreamId(placementId), 3],
    ]);
    const [charged] = await store.readStream(dayChargeStreamId(dayThree));
    expect(charged!.data).toMatchObject({ dayId: dayThree, halfDays: 2, netPence: 40_000 });
  });
});

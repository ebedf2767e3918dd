import { ids, LLE_SCHOOL_URN, metadata, opened, RECIPIENT_URN } from '../brokerage/brokerage.fixtures';
import type { PlacementEvent } from '../brokerage/placement.events';
import { fold } from '../shared/decider';
import { given } from '../testing/decider-specification';
import { DEFAULT_BILLING_RULES } from './billing-rules';
import {
  placementDayFacts,
  type BillSupportDay,
  type DayChargeContext,
  type PlacementEventWithId,
} from './day-charge.commands';
import { dayChargeDecider } from './day-charge.decider';

const dayId = 'day-1';
const bill: BillSupportDay = {
  type: 'BillSupportDay',
  data: { placementId: ids.placement, dayId, trigger: 'SupportDayVoided' },
  metadata: metadata('2027-10-21T09:00:00Z', 'billing', 'admin'),
};
/** The same day, sent by its log's job. */
const billForLog: BillSupportDay = { ...bill, data: { ...bill.data, trigger: 'SupportDayLogged' } };

const openedEvent = opened({ dayRatePence: 45_001, lleSchoolShareBps: 3_333 });
const logged = (halfDays: 1 | 2 = 1, id = dayId): PlacementEvent => ({
  type: 'SupportDayLogged',
  data: {
    placementId: ids.placement,
    dayId: id,
    personId: ids.lle,
    deliveredAs: 'lle',
    date: '2027-10-20',
    halfDays,
    note: 'Coaching',
    loggedOn: '2027-10-20',
  },
});
const voided: PlacementEvent = {
  type: 'SupportDayVoided',
  data: {
    placementId: ids.placement,
    dayId,
    personId: ids.lle,
    date: '2027-10-20',
    halfDays: 1,
    reason: 'Logged against the wrong placement',
    voidedOn: '2027-10-22',
  },
};

/** The placement's events as recorded, with ids, and the context the job builds from them. */
function contextOf(events: PlacementEvent[], vatTreatment: DayChargeContext['vatTreatment'] = 'standard') {
  const recorded: PlacementEventWithId[] = events.map((event, index) => ({ id: `event-${index}`, ...event }));
  return { placement: placementDayFacts(recorded, dayId), vatTreatment, rules: DEFAULT_BILLING_RULES };
}

describe('dayChargeDecider', () => {
  it('charges a logged half day at half the rate (rounded down), with VAT and the share, from the terms', () => {
    const context = contextOf([openedEvent, logged(2, 'day-0'), logged(1)]);
    const outcome = given(dayChargeDecider).when(bill, context);
    expect(outcome.events).toEqual([
      {
        type: 'DayCharged',
        data: {
          chargeId: dayId,
          dayId,
          placementId: ids.placement,
          requestId: ids.request,
          alliance: 'CATSA',
          requestingBody: { kind: 'local_authority', laCode: '873' },
          recipientUrn: RECIPIENT_URN,
          lleId: ids.lle,
          personId: ids.lle,
          date: '2027-10-20',
          halfDays: 1,
          dayRatePence: 45_001,
          netPence: 22_500,
          vat: { treatment: 'standard', rateBps: 2_000, vatPence: 4_500 },
          sourceEventId: 'event-2',
        },
      },
      {
        type: 'ShareCredited',
        data: {
          chargeId: dayId,
          dayId,
          placementId: ids.placement,
          alliance: 'CATSA',
          lleSchoolUrn: LLE_SCHOOL_URN,
          date: '2027-10-20',
          shareBps: 3_333,
          netPence: 22_500,
          // 7,499.25p: to the nearest penny.
          sharePence: 7_499,
          allianceIncomePence: 15_001,
        },
      },
    ]);
  });

  it('decides nothing when the day is already charged (a job run again)', () => {
    const context = contextOf([openedEvent, logged()]);
    const charged = given(dayChargeDecider).when(bill, context).events!;
    expect(given(dayChargeDecider, ...charged).when(bill, context).events).toEqual([]);
  });

  it('reverses a charged day once voided, with the amounts as charged even if the VAT treatment changed', () => {
    const charged = given(dayChargeDecider).when(bill, contextOf([openedEvent, logged()])).events!;
    const later = contextOf([openedEvent, logged(), voided], 'exempt');
    const reversal = given(dayChargeDecider, ...charged).when(bill, later).events!;
    expect(reversal.map((event) => event.type)).toEqual(['DayChargeReversed', 'ShareReversed']);
    expect(reversal[0]!.data).toMatchObject({
      netPence: 22_500,
      vat: { treatment: 'standard', rateBps: 2_000, vatPence: 4_500 },
      reason: 'Logged against the wrong placement',
      sourceEventId: 'event-2',
    });
    expect(reversal[1]!.data).toMatchObject({
      netPence: 22_500,
      sharePence: 7_499,
      allianceIncomePence: 15_001,
    });
    // And nothing more, however often the job runs.
    expect(given(dayChargeDecider, ...charged, ...reversal).when(bill, later).events).toEqual([]);
  });

  it("leaves a charge's reversal to the void's job: the log's job run again once the void is known adds nothing", () => {
    const charged = given(dayChargeDecider).when(billForLog, contextOf([openedEvent, logged()])).events!;
    const later = contextOf([openedEvent, logged(), voided]);
    expect(given(dayChargeDecider, ...charged).when(billForLog, later).events).toEqual([]);
    expect(
      given(dayChargeDecider, ...charged)
        .when(bill, later)
        .events!.map((event) => event.type),
    ).toEqual(['DayChargeReversed', 'ShareReversed']);
    // On a new stream the log's job charges and reverses in one append, as the void's job would.
    expect(given(dayChargeDecider).when(billForLog, later).events).toEqual(
      given(dayChargeDecider).when(bill, later).events,
    );
  });

  it('ends the same whichever job runs first: a void before its log charges, then reverses, in one append', () => {
    const all = contextOf([openedEvent, logged(), voided]);
    // The void's job first: the stream goes straight to charged-and-reversed.
    const voidFirst = given(dayChargeDecider).when(bill, all).events!;
    // The log's job first (it saw only the log), then the void's.
    const logFirst = given(dayChargeDecider).when(billForLog, contextOf([openedEvent, logged()])).events!;
    const thenVoid = given(dayChargeDecider, ...logFirst).when(bill, all).events!;
    expect([...logFirst, ...thenVoid]).toEqual(voidFirst);
    expect(voidFirst.map((event) => event.type)).toEqual([
      'DayCharged',
      'ShareCredited',
      'DayChargeReversed',
      'ShareReversed',
    ]);
    const state = fold(dayChargeDecider, voidFirst);
    expect(state.status).toBe('reversed');
  });

  it('uses the VAT treatment given for the body', () => {
    const events = given(dayChargeDecider).when(bill, contextOf([openedEvent, logged(2)], 'reduced')).events!;
    expect(events[0]!.data).toMatchObject({
      netPence: 45_001,
      vat: { treatment: 'reduced', rateBps: 500, vatPence: 2_250 },
    });
  });

  it('refuses a day its placement does not hold, or a placement not opened, for a person to look at', () => {
    expect(given(dayChargeDecider).when(bill, contextOf([openedEvent, logged(2, 'day-9')])).error?.code).toBe(
      'BILLING_DAY_NOT_LOGGED',
    );
    expect(given(dayChargeDecider).when(bill, contextOf([logged()])).error?.code).toBe(
      'BILLING_PLACEMENT_NOT_FOUND',
    );
  });
});

import { fold } from '../shared/decider';
import { DomainError } from '../shared/domain-error';
import { given } from '../testing/decider-specification';
import {
  broker,
  brokered,
  BROKERING,
  commitmentsContext as context,
  ids,
  lle,
  LLE_SCHOOL_URN,
  metadata,
  requestFacts,
  START,
} from './brokerage.fixtures';
import {
  commitmentChangesAfter,
  lleCommitmentsStreamId,
  type BrokerPlacement,
  type ClosePlacementCommitment,
  type LLECommitmentsContext,
  type ReleasePlacementDays,
  type ReservePlacementDays,
} from './lle-commitments.commands';
import { lleCommitmentsDecider } from './lle-commitments.decider';
import type { LLECommitmentsEvent, PlacementBrokered } from './lle-commitments.events';
import { committedHalfDaysIn, reservedForAmendment } from './lle-commitments.state';

const year = '2027/28';
const reserve = (halfDays = 4, amendmentId = 'amend-1'): ReservePlacementDays => ({
  type: 'ReservePlacementDays',
  data: { lleId: ids.lle, placementId: ids.placement, amendmentId, halfDays },
  metadata: metadata('2027-11-01T10:00:00Z'),
});
const release = (
  halfDays: number,
  reason: ReleasePlacementDays['data']['reason'] = 'amended_down',
  amendmentId = 'amend-1',
): ReleasePlacementDays => ({
  type: 'ReleasePlacementDays',
  data: { lleId: ids.lle, placementId: ids.placement, amendmentId, reason, halfDays },
  metadata: metadata('2027-11-01T10:00:00Z'),
});
const close = (halfDaysDelivered: number, placementId = ids.placement): ClosePlacementCommitment => ({
  type: 'ClosePlacementCommitment',
  data: { lleId: ids.lle, placementId, outcome: 'ended_early', halfDaysDelivered },
  metadata: metadata('2027-12-01T10:00:00Z'),
});
/** Another placement of the same LLE, for another request. */
function other(
  n: number,
  halfDaysAgreed = 12,
  startDate = START,
): { command: BrokerPlacement; event: PlacementBrokered; context: LLECommitmentsContext } {
  const requestId = `request-${n}`;
  const placementId = `placement-${n}`;
  return {
    command: broker({ placementId, requestId, halfDaysAgreed, startDate }),
    event: brokered({ placementId, requestId, halfDaysAgreed, startDate }),
    context: { ...context, request: requestFacts(requestId) },
  };
}
function committed(events: LLECommitmentsEvent[]): number {
  return committedHalfDaysIn(fold(lleCommitmentsDecider, events), year);
}

describe('LLE commitments', () => {
  it('live on one stream per LLE', () => {
    expect(lleCommitmentsStreamId(ids.lle)).toBe('lle-commitments-person-lle-1');
  });

  describe('BrokerPlacement', () => {
    it('brokers a placement with every term the placement, dashboards and billing need', () => {
      expect(given(lleCommitmentsDecider).when(broker(), context).events).toEqual([brokered()]);
    });

    it('takes the recipient, requesting body, phase and alliance from the request', () => {
      const request = { ...requestFacts(), requestingBody: { kind: 'diocese' as const, diocese: 'Ely' } };
      const { events } = given(lleCommitmentsDecider).when(broker(), { ...context, request });
      expect(events?.[0]?.data).toMatchObject({ requestingBody: { kind: 'diocese', diocese: 'Ely' } });
    });

    it.each([
      [
        'suspended',
        {
          ...lle,
          status: 'suspended' as const,
          activePeriods: [{ from: '2027-04-20', until: '2027-09-01' }],
        },
      ],
      [
        'ended',
        { ...lle, status: 'ended' as const, activePeriods: [{ from: '2027-04-20', until: '2027-09-01' }] },
      ],
      ['not yet designated on the start date', { ...lle, activePeriods: [{ from: '2027-10-15' }] }],
    ])('refuses an LLE who is %s', (_, facts) => {
      expect(given(lleCommitmentsDecider).when(broker(), { ...context, lle: facts }).error).toMatchObject({
        code: 'LLE_NOT_ACTIVE',
        kind: 'rule',
      });
    });

    it('refuses the LLE’s own school as recipient', () => {
      const own = { ...context, recipient: { urn: LLE_SCHOOL_URN, phase: 'Primary', status: 'Open' } };
      const request = { ...requestFacts(), recipientUrn: LLE_SCHOOL_URN };
      expect(given(lleCommitmentsDecider).when(broker(), { ...own, request }).error).toMatchObject({
        code: 'RECIPIENT_IS_LLE_SCHOOL',
        kind: 'rule',
      });
    });

    it.each([
      ['no end point', { endPoint: undefined }, 'END_POINT_REQUIRED'],
      [
        'an end point saying nothing of what "done" means',
        { endPoint: { date: '2028-03-31', description: ' ' } },
        'END_POINT_REQUIRED',
      ],
      [
        'an end point before the start',
        { endPoint: { date: '2027-09-30', description: 'Done' } },
        'END_POINT_BEFORE_START',
      ],
      ['days in fractions', { halfDaysAgreed: 2.5 }, 'DAYS_INVALID'],
      ['a day rate in pounds', { dayRatePence: 450.5 }, 'DAY_RATE_INVALID'],
      ['a share above the whole fee', { lleSchoolShareBps: 10_001 }, 'SHARE_BPS_INVALID'],
      ['a negative share', { lleSchoolShareBps: -1 }, 'SHARE_BPS_INVALID'],
      ['no objectives', { objectives: [] }, 'OBJECTIVES_REQUIRED'],
      [
        'an objective twice',
        {
          objectives: [
            { objectiveId: 'o', description: 'x' },
            { objectiveId: 'o', description: 'y' },
          ],
        },
        'OBJECTIVES_INVALID',
      ],
      ['no start date', { startDate: '1 October' }, 'DATE_INVALID'],
    ])('refuses %s', (_, data, code) => {
      const { error } = given(lleCommitmentsDecider).when(broker(data), context);
      expect(error).toMatchObject({ code, kind: 'rule' });
    });

    it('refuses an LLE of another alliance, an unknown LLE or request, or a request no longer waiting', () => {
      const cases: [LLECommitmentsContext, string][] = [
        [{ ...context, lle: { ...lle, alliance: 'CASSA' } }, 'LLE_OF_ANOTHER_ALLIANCE'],
        [{ ...context, lle: undefined }, 'UNKNOWN_LLE'],
        [{ ...context, request: undefined }, 'UNKNOWN_REQUEST'],
        [{ ...context, request: { ...requestFacts(), status: 'withdrawn' } }, 'REQUEST_NOT_WAITING'],
        [{ ...context, recipient: undefined }, 'UNKNOWN_SCHOOL'],
      ];
      for (const [facts, code] of cases) {
        expect(given(lleCommitmentsDecider).when(broker(), facts).error?.code).toBe(code);
      }
    });

    it('refuses a second placement for a request this LLE was already placed for', () => {
      const again = broker({ placementId: 'placement-2' });
      expect(given(lleCommitmentsDecider, brokered()).when(again, context).error?.code).toBe(
        'REQUEST_NOT_WAITING',
      );
    });

    describe('the six-days guideline', () => {
      it('accepts six days (12 half-days) without an override', () => {
        expect(
          given(lleCommitmentsDecider).when(broker({ halfDaysAgreed: 12 }), context).events,
        ).toHaveLength(1);
      });

      it('refuses more without an override with a reason', () => {
        for (const guidelineOverride of [undefined, { reason: '  ' }]) {
          const { error } = given(lleCommitmentsDecider).when(
            broker({ halfDaysAgreed: 13, guidelineOverride }),
            context,
          );
          expect(error).toMatchObject({
            code: 'OVER_GUIDELINE_NEEDS_OVERRIDE',
            kind: 'rule',
            details: { halfDays: 13, guidelineHalfDays: 12 },
          });
        }
      });

      it('keeps the override and its reason in the event, for auditors', () => {
        const guidelineOverride = { reason: 'Two terms of intensive support agreed with the LA' };
        const { events } = given(lleCommitmentsDecider).when(
          broker({ halfDaysAgreed: 16, guidelineOverride }),
          context,
        );
        expect(events?.[0]?.data).toMatchObject({
          halfDaysAgreed: 16,
          guidelineHalfDays: 12,
          guidelineOverride,
        });
      });

      it('records no override where none was needed', () => {
        const { events } = given(lleCommitmentsDecider).when(
          broker({ guidelineOverride: { reason: 'x' } }),
          context,
        );
        expect(events?.[0]?.data).not.toHaveProperty('guidelineOverride');
      });
    });

    describe('capacity per academic year', () => {
      it('places the LLE up to their capacity, then refuses with what is committed', () => {
        const second = other(2);
        const third = other(3, 1);
        const past = [brokered(), second.event];
        expect(committed(past)).toBe(24);
        expect(given(lleCommitmentsDecider, brokered()).when(second.command, second.context).events).toEqual([
          { ...second.event, data: { ...second.event.data, committedHalfDaysBefore: 12 } },
        ]);
        expect(given(lleCommitmentsDecider, ...past).when(third.command, third.context).error).toMatchObject({
          code: 'CAPACITY_EXCEEDED',
          kind: 'rule',
          details: { academicYear: year, committedHalfDays: 24, capacityHalfDays: 24, requestedHalfDays: 1 },
        });
      });

      it('counts each placement in the academic year of its start date', () => {
        const later = other(3, 12, '2028-09-05');
        const endPoint = { date: '2029-03-31', description: 'Done' };
        const nextYear = {
          ...later,
          command: { ...later.command, data: { ...later.command.data, endPoint } },
        };
        const { events } = given(lleCommitmentsDecider, brokered(), other(2).event).when(
          nextYear.command,
          nextYear.context,
        );
        expect(events?.[0]?.data).toMatchObject({ academicYear: '2028/29', committedHalfDaysBefore: 0 });
      });

      it('takes the capacity of the designation, else the configured default', () => {
        const generous = { ...context, lle: { ...lle, daysPerAcademicYear: 20 } };
        const third = other(3, 12);
        expect(
          given(lleCommitmentsDecider, brokered(), other(2).event).when(third.command, {
            ...generous,
            request: third.context.request,
          }).events,
        ).toHaveLength(1);
        const unset = { ...third.context, lle: { ...lle, daysPerAcademicYear: 0 } };
        expect(
          given(lleCommitmentsDecider, brokered(), other(2).event).when(third.command, unset).error?.code,
        ).toBe('CAPACITY_EXCEEDED');
      });

      it('frees what a closed placement did not deliver', () => {
        const closed: LLECommitmentsEvent = {
          type: 'PlacementCommitmentClosed',
          data: {
            lleId: ids.lle,
            placementId: 'placement-2',
            outcome: 'ended_early',
            academicYear: year,
            halfDaysBefore: 12,
            halfDaysDelivered: 4,
            closedOn: '2027-11-30',
          },
        };
        const third = other(3, 8);
        expect(committed([brokered(), other(2).event, closed])).toBe(16);
        expect(
          given(lleCommitmentsDecider, brokered(), other(2).event, closed).when(third.command, third.context)
            .events,
        ).toHaveLength(1);
      });
    });

    it('is a no-op when sent again, even once the request is brokered, and a conflict when different', () => {
      const later = { ...context, request: { ...requestFacts(), status: 'brokered' as const } };
      expect(given(lleCommitmentsDecider, brokered()).when(broker(), later).events).toEqual([]);
      expect(
        given(lleCommitmentsDecider, brokered()).when(broker({ dayRatePence: 1 }), context).error,
      ).toMatchObject({
        code: 'PLACEMENT_ALREADY_EXISTS',
        kind: 'conflict',
      });
    });

    it('never commits an LLE beyond capacity, when 50 brokers place them at the same moment', async () => {
      const { placed, refused, stream } = await brokerConcurrently(50, appendWithExpectedRevision);
      expect(committed(stream)).toBeLessThanOrEqual(24);
      expect(placed).toBe(6); // 24 half-days of capacity, 4 a placement
      expect(refused).toEqual(Array.from({ length: 44 }, () => 'CAPACITY_EXCEEDED'));
    });

    it('(the same 50 without the expected revision would overcommit: the test can fail)', async () => {
      const { stream } = await brokerConcurrently(50, appendBlindly);
      expect(committed(stream)).toBeGreaterThan(24);
    });
  });

  describe('ReservePlacementDays, ReleasePlacementDays, ClosePlacementCommitment', () => {
    it('reserves days for an amendment within capacity, once', () => {
      const { events } = given(lleCommitmentsDecider, brokered()).when(reserve(4), context);
      expect(events).toEqual([
        {
          type: 'PlacementDaysReserved',
          data: {
            lleId: ids.lle,
            placementId: ids.placement,
            amendmentId: 'amend-1',
            academicYear: year,
            halfDays: 4,
            capacityHalfDays: 24,
            committedHalfDaysBefore: 12,
            reservedOn: '2027-11-01',
          },
        },
      ]);
      expect(committed([brokered(), ...events!])).toBe(16);
      expect(
        reservedForAmendment(fold(lleCommitmentsDecider, [brokered(), ...events!]), ids.placement, 'amend-1'),
      ).toBe(4);
      expect(given(lleCommitmentsDecider, brokered(), ...events!).when(reserve(4), context).events).toEqual(
        [],
      );
      expect(
        given(lleCommitmentsDecider, brokered(), ...events!).when(reserve(6), context).error,
      ).toMatchObject({
        code: 'AMENDMENT_ID_REUSED',
        kind: 'conflict',
      });
    });

    it('refuses a reservation beyond capacity, for a suspended LLE, or for a closed placement', () => {
      expect(
        given(lleCommitmentsDecider, brokered(), other(2).event).when(reserve(1), context).error?.code,
      ).toBe('CAPACITY_EXCEEDED');
      const suspended = { ...context, lle: { ...lle, status: 'suspended' as const } };
      expect(given(lleCommitmentsDecider, brokered()).when(reserve(1), suspended).error?.code).toBe(
        'LLE_NOT_ACTIVE',
      );
      const closedEvents = given(lleCommitmentsDecider, brokered()).when(close(2), context).events!;
      expect(
        given(lleCommitmentsDecider, brokered(), ...closedEvents).when(reserve(1), context).error?.code,
      ).toBe('PLACEMENT_NOT_IN_PROGRESS');
      expect(given(lleCommitmentsDecider).when(reserve(1), context).error).toMatchObject({
        code: 'COMMITMENT_NOT_FOUND',
        kind: 'not_found',
      });
    });

    it('releases days an amendment gave up, once per amendment and reason', () => {
      const { events } = given(lleCommitmentsDecider, brokered()).when(release(4), context);
      expect(events?.[0]).toMatchObject({
        type: 'PlacementDaysReleased',
        data: { halfDays: 4, reason: 'amended_down' },
      });
      expect(committed([brokered(), ...events!])).toBe(8);
      expect(given(lleCommitmentsDecider, brokered(), ...events!).when(release(4), context).events).toEqual(
        [],
      );
    });

    it('releases no more of a reservation than was reserved', () => {
      const reserved = given(lleCommitmentsDecider, brokered()).when(reserve(4), context).events!;
      expect(
        given(lleCommitmentsDecider, brokered(), ...reserved).when(release(5, 'reservation_unused'), context)
          .error?.code,
      ).toBe('RELEASE_BEYOND_RESERVED');
      const released = given(lleCommitmentsDecider, brokered(), ...reserved).when(
        release(4, 'reservation_unused'),
        context,
      ).events!;
      expect(committed([brokered(), ...reserved, ...released])).toBe(12);
    });

    it('closes a commitment at the days delivered, once; releases after closing change nothing', () => {
      const { events } = given(lleCommitmentsDecider, brokered()).when(close(6), context);
      expect(events).toEqual([
        {
          type: 'PlacementCommitmentClosed',
          data: {
            lleId: ids.lle,
            placementId: ids.placement,
            outcome: 'ended_early',
            academicYear: year,
            halfDaysBefore: 12,
            halfDaysDelivered: 6,
            closedOn: '2027-12-01',
          },
        },
      ]);
      expect(committed([brokered(), ...events!])).toBe(6);
      expect(given(lleCommitmentsDecider, brokered(), ...events!).when(close(6), context).events).toEqual([]);
      expect(given(lleCommitmentsDecider, brokered(), ...events!).when(release(2), context).events).toEqual(
        [],
      );
    });
  });

  describe('commitmentChangesAfter (what the edge and its reactor send after the placement changed)', () => {
    const meta = metadata('2027-11-02T10:00:00Z');
    const amended = (halfDaysBefore: number, halfDaysAgreed: number, halfDaysReserved: number) =>
      ({
        type: 'PlacementAmended',
        data: {
          placementId: ids.placement,
          amendmentId: 'amend-1',
          lleId: ids.lle,
          halfDaysBefore,
          halfDaysAgreed,
          halfDaysReserved,
          endPointBefore: brokered().data.endPoint,
          endPoint: brokered().data.endPoint,
          agreement: {
            lle: { agreedBy: ids.lle, agreedOn: '2027-11-01' },
            recipient: { agreedBy: 'person-head-9', agreedOn: '2027-11-01' },
            alliance: { agreedBy: 'broker-1', agreedOn: '2027-11-01' },
          },
          guidelineHalfDays: 12,
          amendedOn: '2027-11-02',
        },
      }) as const;

    it('releases what an amendment lowered, and what it left of its reservation', () => {
      expect(commitmentChangesAfter(amended(12, 8, 0), meta).map((c) => c.data)).toEqual([
        {
          lleId: ids.lle,
          placementId: ids.placement,
          amendmentId: 'amend-1',
          reason: 'amended_down',
          halfDays: 4,
        },
      ]);
      expect(commitmentChangesAfter(amended(12, 14, 4), meta).map((c) => c.data)).toEqual([
        {
          lleId: ids.lle,
          placementId: ids.placement,
          amendmentId: 'amend-1',
          reason: 'reservation_unused',
          halfDays: 2,
        },
      ]);
      expect(commitmentChangesAfter(amended(12, 16, 4), meta)).toEqual([]);
    });

    it('closes the commitment at completion or an early end, at the days delivered', () => {
      const completed = {
        type: 'PlacementCompleted',
        data: {
          placementId: ids.placement,
          lleId: ids.lle,
          halfDaysAgreed: 12,
          halfDaysDelivered: 11,
          completedOn: '2028-03-31',
        },
      } as const;
      expect(commitmentChangesAfter(completed, meta)).toEqual([
        {
          type: 'ClosePlacementCommitment',
          data: { lleId: ids.lle, placementId: ids.placement, outcome: 'completed', halfDaysDelivered: 11 },
          metadata: meta,
        },
      ]);
    });
  });
});

/**
 * A stream as EventStoreDB keeps one, reduced to what the test needs: an append with an expected revision is
 * atomic, and refused when the stream moved since it was read.
 */
class ConflictError extends Error {}
type Append = (stream: LLECommitmentsEvent[], expected: number, events: LLECommitmentsEvent[]) => void;

const appendWithExpectedRevision: Append = (stream, expected, events) => {
  if (stream.length !== expected) throw new ConflictError();
  stream.push(...events);
};
const appendBlindly: Append = (stream, _expected, events) => {
  stream.push(...events);
};

/**
 * Fires `count` BrokerPlacement commands for one LLE at once, each for its own request: every broker reads
 * the stream, yields (so the others read the same revision), decides and appends; on a conflict it reads
 * again and decides on fresh state, as the edge's command handler does.
 */
async function brokerConcurrently(
  count: number,
  append: Append,
): Promise<{ placed: number; refused: string[]; stream: LLECommitmentsEvent[] }> {
  const stream: LLECommitmentsEvent[] = [];
  const results = await Promise.all(
    Array.from({ length: count }, async (_, n) => {
      const { command, context: ctx } = other(100 + n, 4);
      for (;;) {
        const revision = stream.length;
        const state = fold(lleCommitmentsDecider, stream);
        await new Promise((resolve) => setImmediate(resolve));
        try {
          const events = lleCommitmentsDecider.decide(
            { ...command, metadata: metadata(BROKERING) },
            state,
            ctx,
          );
          append(stream, revision, events);
          return 'placed';
        } catch (error) {
          if (error instanceof ConflictError) continue;
          if (error instanceof DomainError) return error.code;
          throw error;
        }
      }
    }),
  );
  return {
    placed: results.filter((result) => result === 'placed').length,
    refused: results.filter((result) => result !== 'placed'),
    stream,
  };
}

import { fold } from '../shared/decider';
import { given } from '../testing/decider-specification';
import { brokered, ids, metadata, opened, rules } from './brokerage.fixtures';
import {
  openPlacementFrom,
  placementStreamId,
  type AmendPlacement,
  type CompletePlacement,
  type EndPlacementEarly,
  type LogSupportDay,
  type PlacementContext,
  type RecordImpactEvaluation,
  type TransferDays,
  type VoidSupportDay,
} from './placement.commands';
import { checkSupportDay, placementDecider } from './placement.decider';
import type { PlacementEvent } from './placement.events';
import { placementFacts } from './placement.state';

const placementId = ids.placement;
const context: PlacementContext = { rules };

const log = (data: Partial<LogSupportDay['data']> = {}, now = '2027-10-20T16:00:00Z'): LogSupportDay => ({
  type: 'LogSupportDay',
  data: {
    placementId,
    dayId: 'day-1',
    personId: ids.lle,
    date: '2027-10-20',
    length: 'full',
    note: 'Joint lesson observations with the head',
    ...data,
  },
  metadata: metadata(now, ids.lle, 'lle'),
});
/** The context of a LogSupportDay whose day was reserved on the person's stream, as the edge does first. */
const reserved = (command: LogSupportDay): PlacementContext => ({
  ...context,
  reservation: {
    dayId: command.data.dayId,
    placementId: command.data.placementId,
    date: command.data.date,
    halfDays: command.data.length === 'full' ? 2 : 1,
  },
});
const logged = (data: Partial<LogSupportDay['data']> = {}): PlacementEvent => {
  const { dayId, personId, date, length, note } = log(data).data;
  return {
    type: 'SupportDayLogged',
    data: {
      placementId,
      dayId,
      personId,
      deliveredAs: personId === ids.lle ? 'lle' : 'staff',
      date,
      halfDays: length === 'full' ? 2 : 1,
      note,
      loggedOn: date,
    },
  };
};
const day = (n: number, date: string, length: 'full' | 'half' = 'full', personId = ids.lle) =>
  logged({ dayId: `day-${n}`, date, length, personId });
const voidDay = (dayId = 'day-1', reason = 'Logged on the wrong placement'): VoidSupportDay => ({
  type: 'VoidSupportDay',
  data: { placementId, dayId, reason },
  metadata: metadata('2027-10-21T10:00:00Z', ids.lle, 'lle'),
});
const transfer = (halfDays = 4, transferId = 'transfer-1'): TransferDays => ({
  type: 'TransferDays',
  data: { placementId, transferId, toPersonId: ids.deputy, role: 'deputy head', halfDays },
  metadata: metadata('2027-10-10T10:00:00Z', ids.lle, 'lle'),
});
const transferred: PlacementEvent = {
  type: 'DaysTransferred',
  data: {
    placementId,
    transferId: 'transfer-1',
    lleId: ids.lle,
    toPersonId: ids.deputy,
    role: 'deputy head',
    halfDays: 4,
    transferredOn: '2027-10-10',
  },
};
const agreement = {
  lle: { agreedBy: ids.lle, agreedOn: '2027-11-01' },
  recipient: { agreedBy: 'person-head-9', agreedOn: '2027-11-01' },
  alliance: { agreedBy: 'broker-1', agreedOn: '2027-11-02' },
};
const amend = (data: Partial<AmendPlacement['data']>): AmendPlacement => ({
  type: 'AmendPlacement',
  data: { placementId, amendmentId: 'amend-1', agreement, ...data },
  metadata: metadata('2027-11-02T10:00:00Z'),
});
const complete = (now = '2028-03-31T17:00:00Z'): CompletePlacement => ({
  type: 'CompletePlacement',
  data: { placementId },
  metadata: metadata(now),
});
const endEarly = (reason = 'The head left the school'): EndPlacementEarly => ({
  type: 'EndPlacementEarly',
  data: { placementId, reason },
  metadata: metadata('2027-12-01T10:00:00Z'),
});
const completed: PlacementEvent = {
  type: 'PlacementCompleted',
  data: { placementId, lleId: ids.lle, halfDaysAgreed: 12, halfDaysDelivered: 2, completedOn: '2028-03-31' },
};
const framework = {
  clusterId: ids.cluster,
  competencies: [
    { competencyId: 'coaching', name: 'Coaching and mentoring heads' },
    { competencyId: 'capacity', name: 'Building leadership capacity' },
  ],
};
const evaluation: RecordImpactEvaluation['data'] = {
  placementId,
  objectives: [
    {
      objectiveId: 'obj-1',
      outcome: 'met',
      evidence: 'Observation records from February',
      ratings: [{ competencyId: 'coaching', rating: 4 }],
    },
    {
      objectiveId: 'obj-2',
      outcome: 'partly_met',
      evidence: 'Plan rewritten; monitoring not yet shared',
      ratings: [
        { competencyId: 'capacity', rating: 3 },
        { competencyId: 'coaching', rating: 2 },
      ],
    },
  ],
  recipientView: 'The head feels ready to lead observations',
  lleView: 'The senior team needs another term to own the plan',
};
const evaluate = (data: Partial<RecordImpactEvaluation['data']> = {}): RecordImpactEvaluation => ({
  type: 'RecordImpactEvaluation',
  data: { ...evaluation, ...data },
  metadata: metadata('2028-04-10T10:00:00Z'),
});

describe('placements', () => {
  it('live on their own stream, opened from the PlacementBrokered event with the same terms, once', () => {
    expect(placementStreamId(placementId)).toBe('placement-placement-1');
    const open = openPlacementFrom(brokered(), metadata('2027-09-15T10:00:01Z'));
    expect(given(placementDecider).when(open, context).events).toEqual([opened()]);
    expect(given(placementDecider, opened()).when(open, context).events).toEqual([]);
    const different = openPlacementFrom(brokered({ dayRatePence: 1 }), open.metadata);
    expect(given(placementDecider, opened()).when(different, context).error).toMatchObject({
      code: 'PLACEMENT_ALREADY_EXISTS',
      kind: 'conflict',
    });
    expect(placementFacts(fold(placementDecider, [opened()]))).toMatchObject({
      status: 'in_progress',
      halfDaysAgreed: 12,
      halfDaysDelivered: 0,
      alliance: 'CATSA',
    });
  });

  describe('LogSupportDay', () => {
    it('logs a day delivered by the LLE, with its note', () => {
      const command = log();
      expect(given(placementDecider, opened()).when(command, reserved(command)).events).toEqual([
        {
          type: 'SupportDayLogged',
          data: {
            placementId,
            dayId: 'day-1',
            personId: ids.lle,
            deliveredAs: 'lle',
            date: '2027-10-20',
            halfDays: 2,
            note: 'Joint lesson observations with the head',
            loggedOn: '2027-10-20',
          },
        },
      ]);
    });

    it('is a no-op when the same day id comes again: never a second day', () => {
      expect(given(placementDecider, opened(), logged()).when(log(), context).events).toEqual([]);
      expect(
        given(placementDecider, opened(), logged()).when(log({ note: 'Retried' }), context).events,
      ).toEqual([]);
      expect(
        given(placementDecider, opened(), logged()).when(log({ date: '2027-10-21' }), context).error,
      ).toMatchObject({ code: 'DAY_ID_REUSED', kind: 'conflict' });
    });

    it('refuses a day not reserved on the person’s own days first', () => {
      expect(given(placementDecider, opened()).when(log(), context).error).toMatchObject({
        code: 'PERSON_DAY_NOT_RESERVED',
        kind: 'conflict',
      });
      const halfReserved = {
        ...reserved(log()),
        reservation: { ...reserved(log()).reservation!, halfDays: 1 as const },
      };
      expect(given(placementDecider, opened()).when(log(), halfReserved).error?.code).toBe(
        'PERSON_DAY_NOT_RESERVED',
      );
    });

    it.each([
      ['before the start', { date: '2027-09-30' }, 'DAY_BEFORE_START'],
      ['after the end point', { date: '2028-04-01' }, 'DAY_AFTER_END_POINT'],
      ['still to come', { date: '2027-10-21' }, 'DAY_IN_THE_FUTURE'],
      [
        'by someone the days were not transferred to',
        { personId: 'person-other' },
        'PERSON_NOT_ON_PLACEMENT',
      ],
      ['without a note', { note: ' ' }, 'NOTE_REQUIRED'],
      ['with a long note', { note: 'x'.repeat(501) }, 'NOTE_TOO_LONG'],
      ['of a length other than full or half', { length: 'quarter' as never }, 'DAY_LENGTH_INVALID'],
    ])('refuses a day %s', (_, data, code) => {
      const command = log(data, '2028-06-01T10:00:00Z');
      const later = 'date' in data && data.date === '2027-10-21' ? log(data) : command;
      expect(given(placementDecider, opened()).when(later, reserved(later)).error).toMatchObject({
        code,
        kind: 'rule',
      });
    });

    it('refuses a day beyond the days agreed, counting the days transferred', () => {
      const past = [opened(), transferred, day(1, '2027-10-04'), day(2, '2027-10-05'), day(3, '2027-10-06')];
      // 12 half-days agreed, 4 transferred, 6 logged by the LLE: 2 left for the LLE.
      const fourth = log({ dayId: 'day-4', date: '2027-10-07' });
      expect(given(placementDecider, ...past).when(fourth, reserved(fourth)).events).toHaveLength(1);
      const fifth = log({ dayId: 'day-5', date: '2027-10-08' });
      expect(
        given(placementDecider, ...past, day(4, '2027-10-07')).when(fifth, reserved(fifth)).error,
      ).toMatchObject({
        code: 'BEYOND_DAYS_AGREED',
        kind: 'rule',
        details: { allocationHalfDays: 8, loggedHalfDays: 8, halfDays: 2 },
      });
    });

    it('lets a member of staff log the days transferred to them, and no more', () => {
      const byDeputy = (n: number, date: string) => log({ dayId: `d-${n}`, personId: ids.deputy, date });
      const first = byDeputy(1, '2027-10-12');
      const { events } = given(placementDecider, opened(), transferred).when(first, reserved(first));
      expect(events?.[0]?.data).toMatchObject({ personId: ids.deputy, deliveredAs: 'staff', halfDays: 2 });
      const second = byDeputy(2, '2027-10-13');
      expect(
        given(placementDecider, opened(), transferred, ...events!).when(second, reserved(second)).events,
      ).toHaveLength(1);
      const third = byDeputy(3, '2027-10-14');
      const twoLogged = [
        opened(),
        transferred,
        day(1, '2027-10-12', 'full', ids.deputy),
        day(2, '2027-10-13', 'full', ids.deputy),
      ];
      expect(given(placementDecider, ...twoLogged).when(third, reserved(third)).error?.code).toBe(
        'BEYOND_DAYS_AGREED',
      );
    });

    it('refuses more than a full day for one person on one date', () => {
      const half = log({ dayId: 'day-2', length: 'half' });
      expect(given(placementDecider, opened(), logged()).when(half, reserved(half)).error).toMatchObject({
        code: 'MORE_THAN_A_FULL_DAY',
        kind: 'rule',
      });
      const firstHalf = logged({ length: 'half' });
      expect(given(placementDecider, opened(), firstHalf).when(half, reserved(half)).events).toHaveLength(1);
    });

    it('refuses a placement not in progress, but still recognises a retry', () => {
      const command = log({ dayId: 'day-9' });
      for (const end of [
        completed,
        {
          type: 'PlacementEndedEarly',
          data: { ...completed.data, reason: 'x', endedOn: '2027-12-01' },
        } as PlacementEvent,
      ]) {
        expect(given(placementDecider, opened(), end).when(command, reserved(command)).error).toMatchObject({
          code: 'PLACEMENT_NOT_IN_PROGRESS',
          kind: 'rule',
        });
      }
      expect(given(placementDecider, opened(), logged(), completed).when(log(), context).events).toEqual([]);
    });

    it('can be checked before anything is reserved', () => {
      expect(() =>
        checkSupportDay(log({ date: '2027-09-01' }), fold(placementDecider, [opened()]), rules),
      ).toThrow('is before the placement starts');
      expect(checkSupportDay(log(), fold(placementDecider, [opened()]), rules)).toHaveLength(1);
    });

    it('says an unknown placement is not found', () => {
      expect(given(placementDecider).when(log(), reserved(log())).error).toMatchObject({
        code: 'PLACEMENT_NOT_FOUND',
        kind: 'not_found',
      });
    });
  });

  describe('VoidSupportDay', () => {
    it('reverses a day, once, freeing its days; a voided id is not logged again', () => {
      const { events } = given(placementDecider, opened(), logged()).when(voidDay(), context);
      expect(events).toEqual([
        {
          type: 'SupportDayVoided',
          data: {
            placementId,
            dayId: 'day-1',
            personId: ids.lle,
            date: '2027-10-20',
            halfDays: 2,
            reason: 'Logged on the wrong placement',
            voidedOn: '2027-10-21',
          },
        },
      ]);
      const past = [opened(), logged(), ...events!];
      expect(placementFacts(fold(placementDecider, past))?.halfDaysDelivered).toBe(0);
      expect(given(placementDecider, ...past).when(voidDay(), context).events).toEqual([]);
      expect(given(placementDecider, ...past).when(voidDay('day-1', 'Other'), context).error).toMatchObject({
        code: 'DAY_ALREADY_VOIDED',
        kind: 'conflict',
      });
      expect(given(placementDecider, ...past).when(log(), reserved(log())).error?.code).toBe(
        'DAY_ALREADY_VOIDED',
      );
      const again = log({ dayId: 'day-2' });
      expect(given(placementDecider, ...past).when(again, reserved(again)).events).toHaveLength(1);
    });

    it('voids a day after the placement ended (billing issues a credit), with a reason', () => {
      expect(
        given(placementDecider, opened(), logged(), completed).when(voidDay(), context).events,
      ).toHaveLength(1);
      expect(
        given(placementDecider, opened(), logged()).when(voidDay('day-1', ''), context).error?.code,
      ).toBe('REASON_REQUIRED');
      expect(given(placementDecider, opened()).when(voidDay('day-7'), context).error).toMatchObject({
        code: 'DAY_NOT_FOUND',
        kind: 'not_found',
      });
    });
  });

  describe('TransferDays', () => {
    it('transfers some of the remaining days to a member of staff, with their role, once', () => {
      expect(given(placementDecider, opened()).when(transfer(), context).events).toEqual([transferred]);
      expect(given(placementDecider, opened(), transferred).when(transfer(), context).events).toEqual([]);
      expect(given(placementDecider, opened(), transferred).when(transfer(2), context).error).toMatchObject({
        code: 'TRANSFER_ID_REUSED',
        kind: 'conflict',
      });
      expect(placementFacts(fold(placementDecider, [opened(), transferred]))?.halfDaysTransferred).toBe(4);
    });

    it('refuses a transfer beyond the LLE’s remaining days', () => {
      const past = [
        opened(),
        day(1, '2027-10-04'),
        day(2, '2027-10-05'),
        day(3, '2027-10-06'),
        day(4, '2027-10-07'),
      ];
      expect(given(placementDecider, ...past).when(transfer(4), context).events).toHaveLength(1);
      expect(given(placementDecider, ...past).when(transfer(5), context).error).toMatchObject({
        code: 'TRANSFER_BEYOND_REMAINING',
        kind: 'rule',
        details: { remainingHalfDays: 4, halfDays: 5 },
      });
      expect(
        given(placementDecider, ...past, transferred).when(transfer(1, 'transfer-2'), context).error?.code,
      ).toBe('TRANSFER_BEYOND_REMAINING');
    });

    it('refuses a transfer to the LLE, without a role, of no days, or on an ended placement', () => {
      const to = (data: Partial<TransferDays['data']>): TransferDays => ({
        ...transfer(),
        data: { ...transfer().data, ...data },
      });
      expect(given(placementDecider, opened()).when(to({ toPersonId: ids.lle }), context).error?.code).toBe(
        'TRANSFEREE_INVALID',
      );
      expect(given(placementDecider, opened()).when(to({ role: '' }), context).error?.code).toBe(
        'ROLE_REQUIRED',
      );
      expect(given(placementDecider, opened()).when(to({ halfDays: 0 }), context).error?.code).toBe(
        'DAYS_INVALID',
      );
      expect(given(placementDecider, opened(), completed).when(transfer(), context).error?.code).toBe(
        'PLACEMENT_NOT_IN_PROGRESS',
      );
    });
  });

  describe('AmendPlacement', () => {
    it('lowers the days with the agreement of the three parties, recorded', () => {
      const { events } = given(placementDecider, opened()).when(amend({ halfDaysAgreed: 8 }), context);
      expect(events).toEqual([
        {
          type: 'PlacementAmended',
          data: {
            placementId,
            amendmentId: 'amend-1',
            lleId: ids.lle,
            halfDaysBefore: 12,
            halfDaysAgreed: 8,
            halfDaysReserved: 0,
            endPointBefore: opened().data.endPoint,
            endPoint: opened().data.endPoint,
            agreement,
            guidelineHalfDays: 12,
            amendedOn: '2027-11-02',
          },
        },
      ]);
      expect(
        given(placementDecider, opened(), ...events!).when(amend({ halfDaysAgreed: 8 }), context).events,
      ).toEqual([]);
      expect(
        given(placementDecider, opened(), ...events!).when(amend({ halfDaysAgreed: 6 }), context).error?.code,
      ).toBe('AMENDMENT_ID_REUSED');
    });

    it('recognises a retried amendment by what it named, even after later amendments', () => {
      const endPoint = { date: '2028-05-22', description: 'The head leads observations alone' };
      const first = given(placementDecider, opened()).when(amend({ endPoint }), context).events!;
      const second = given(placementDecider, opened(), ...first).when(
        amend({ amendmentId: 'amend-2', halfDaysAgreed: 8 }),
        context,
      ).events!;
      const past = [opened(), ...first, ...second];
      expect(given(placementDecider, ...past).when(amend({ endPoint }), context).events).toEqual([]);
      const otherParty = { ...agreement, recipient: { agreedBy: 'person-chair-3', agreedOn: '2027-11-01' } };
      expect(
        given(placementDecider, ...past).when(amend({ endPoint, agreement: otherParty }), context).error
          ?.code,
      ).toBe('AMENDMENT_ID_REUSED');
    });

    it('raises the days only once they are reserved on the LLE’s commitments for this amendment', () => {
      expect(
        given(placementDecider, opened()).when(amend({ halfDaysAgreed: 10 }), context).events,
      ).toHaveLength(1);
      const more = amend({ halfDaysAgreed: 16, guidelineOverride: { reason: 'A second term agreed' } });
      expect(given(placementDecider, opened()).when(more, context).error).toMatchObject({
        code: 'DAYS_NOT_RESERVED',
        kind: 'conflict',
        details: { increaseHalfDays: 4, reservedHalfDays: 0 },
      });
      const { events } = given(placementDecider, opened()).when(more, { ...context, reservedHalfDays: 4 });
      expect(events?.[0]?.data).toMatchObject({
        halfDaysAgreed: 16,
        halfDaysReserved: 4,
        guidelineOverride: { reason: 'A second term agreed' },
      });
    });

    it('needs an override with a reason to go above the guideline', () => {
      expect(
        given(placementDecider, opened()).when(amend({ halfDaysAgreed: 14 }), {
          ...context,
          reservedHalfDays: 2,
        }).error?.code,
      ).toBe('OVER_GUIDELINE_NEEDS_OVERRIDE');
    });

    it('moves the end point, never before the start or a day already logged', () => {
      const endPoint = { date: '2028-05-22', description: 'The head leads observations alone' };
      expect(
        given(placementDecider, opened()).when(amend({ endPoint }), context).events?.[0]?.data,
      ).toMatchObject({
        halfDaysAgreed: 12,
        endPoint,
      });
      const before = { date: '2027-09-01', description: 'x' };
      expect(given(placementDecider, opened()).when(amend({ endPoint: before }), context).error?.code).toBe(
        'END_POINT_BEFORE_START',
      );
      const early = { date: '2027-10-19', description: 'x' };
      expect(
        given(placementDecider, opened(), logged()).when(amend({ endPoint: early }), context).error?.code,
      ).toBe('END_POINT_BEFORE_LOGGED_DAY');
    });

    it('never lowers the days below those logged by the LLE and transferred', () => {
      const past = [opened(), transferred, day(1, '2027-10-04'), day(2, '2027-10-05')];
      expect(
        given(placementDecider, ...past).when(amend({ halfDaysAgreed: 7 }), context).error,
      ).toMatchObject({
        code: 'DAYS_BELOW_IN_USE',
        details: { inUseHalfDays: 8 },
      });
      expect(
        given(placementDecider, ...past).when(amend({ halfDaysAgreed: 8 }), context).events,
      ).toHaveLength(1);
    });

    it.each([
      ['the recipient’s agreement missing', { ...agreement, recipient: undefined as never }],
      [
        'an agreement given in the future',
        { ...agreement, alliance: { agreedBy: 'broker-1', agreedOn: '2027-11-03' } },
      ],
      ['nobody named for the LLE', { ...agreement, lle: { agreedBy: ' ', agreedOn: '2027-11-01' } }],
    ])('refuses %s', (_, given_) => {
      expect(
        given(placementDecider, opened()).when(amend({ halfDaysAgreed: 8, agreement: given_ }), context).error
          ?.code,
      ).toBe('AGREEMENT_INCOMPLETE');
    });

    it('refuses an amendment of nothing, or of an ended placement; one that changes nothing is a no-op', () => {
      expect(given(placementDecider, opened()).when(amend({}), context).error?.code).toBe('AMENDMENT_EMPTY');
      expect(
        given(placementDecider, opened(), completed).when(amend({ halfDaysAgreed: 8 }), context).error?.code,
      ).toBe('PLACEMENT_NOT_IN_PROGRESS');
      expect(given(placementDecider, opened()).when(amend({ halfDaysAgreed: 12 }), context).events).toEqual(
        [],
      );
    });
  });

  describe('CompletePlacement, EndPlacementEarly', () => {
    it('completes at the end point with the days delivered (voided days not counted), once', () => {
      const voided: PlacementEvent = {
        type: 'SupportDayVoided',
        data: {
          placementId,
          dayId: 'day-2',
          personId: ids.lle,
          date: '2027-11-03',
          halfDays: 1,
          reason: 'x',
          voidedOn: '2027-11-04',
        },
      };
      const past = [opened(), logged(), day(2, '2027-11-03', 'half'), voided];
      expect(given(placementDecider, ...past).when(complete(), context).events).toEqual([completed]);
      expect(given(placementDecider, ...past, completed).when(complete(), context).events).toEqual([]);
    });

    it('refuses completion before the end point: that is an early end, with a reason', () => {
      expect(
        given(placementDecider, opened()).when(complete('2028-03-30T17:00:00Z'), context).error?.code,
      ).toBe('END_POINT_NOT_REACHED');
      expect(given(placementDecider, opened(), logged()).when(endEarly(), context).events).toEqual([
        {
          type: 'PlacementEndedEarly',
          data: {
            placementId,
            lleId: ids.lle,
            reason: 'The head left the school',
            halfDaysAgreed: 12,
            halfDaysDelivered: 2,
            endedOn: '2027-12-01',
          },
        },
      ]);
      expect(given(placementDecider, opened()).when(endEarly(' '), context).error?.code).toBe(
        'REASON_REQUIRED',
      );
    });

    it('ends once: again is a no-op; ending a completed placement is refused', () => {
      const ended = given(placementDecider, opened()).when(endEarly(), context).events!;
      expect(given(placementDecider, opened(), ...ended).when(endEarly(), context).events).toEqual([]);
      expect(given(placementDecider, opened(), completed).when(endEarly(), context).error?.code).toBe(
        'PLACEMENT_NOT_IN_PROGRESS',
      );
      expect(given(placementDecider, opened(), ...ended).when(complete(), context).error?.code).toBe(
        'PLACEMENT_NOT_IN_PROGRESS',
      );
    });
  });

  describe('RecordImpactEvaluation', () => {
    const withFramework = { ...context, framework };

    it('records each objective’s outcome, evidence and ratings, and both views, once ended', () => {
      const { events } = given(placementDecider, opened(), completed).when(evaluate(), withFramework);
      expect(events).toEqual([
        {
          type: 'ImpactEvaluationRecorded',
          data: { ...evaluation, lleId: ids.lle, clusterId: ids.cluster, evaluatedOn: '2028-04-10' },
        },
      ]);
      const past = [opened(), completed, ...events!];
      expect(given(placementDecider, ...past).when(evaluate(), withFramework).events).toEqual([]);
      expect(
        given(placementDecider, ...past).when(evaluate({ lleView: 'Changed' }), withFramework).error,
      ).toMatchObject({
        code: 'IMPACT_ALREADY_EVALUATED',
        kind: 'conflict',
      });
    });

    it('refuses while the placement is in progress, or without the cluster’s framework', () => {
      expect(given(placementDecider, opened()).when(evaluate(), withFramework).error?.code).toBe(
        'PLACEMENT_NOT_ENDED',
      );
      expect(given(placementDecider, opened(), completed).when(evaluate(), context).error?.code).toBe(
        'NO_COMPETENCY_FRAMEWORK',
      );
    });

    const [first, second] = evaluation.objectives as [
      RecordImpactEvaluation['data']['objectives'][number],
      RecordImpactEvaluation['data']['objectives'][number],
    ];
    it.each([
      ['an objective left out', { objectives: [first] }, 'OBJECTIVES_NOT_EVALUATED'],
      [
        'an objective not the placement’s',
        { objectives: [first, second, { ...first, objectiveId: 'obj-9' }] },
        'UNKNOWN_OBJECTIVE',
      ],
      ['an objective twice', { objectives: [first, first, second] }, 'OBJECTIVE_EVALUATED_TWICE'],
      [
        'a competency outside the framework',
        { objectives: [first, { ...second, ratings: [{ competencyId: 'finance', rating: 3 }] }] },
        'UNKNOWN_COMPETENCY',
      ],
      [
        'a rating off the scale',
        { objectives: [first, { ...second, ratings: [{ competencyId: 'capacity', rating: 5 }] }] },
        'RATING_INVALID',
      ],
      [
        'an objective without ratings',
        { objectives: [first, { ...second, ratings: [] }] },
        'RATINGS_REQUIRED',
      ],
      [
        'an objective without evidence',
        { objectives: [first, { ...second, evidence: '' }] },
        'EVIDENCE_REQUIRED',
      ],
      [
        'an unknown outcome',
        { objectives: [first, { ...second, outcome: 'great' as never }] },
        'OUTCOME_INVALID',
      ],
      ['no recipient’s view', { recipientView: ' ' }, 'VIEWS_REQUIRED'],
    ])('refuses %s', (_, data, code) => {
      expect(
        given(placementDecider, opened(), completed).when(evaluate(data), withFramework).error?.code,
      ).toBe(code);
    });
  });
});

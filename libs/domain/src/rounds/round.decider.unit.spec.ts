import type { CommandMetadata } from '../shared/command';
import { given } from '../testing/decider-specification';
import type { AmendRoundDates, CloseRoundEarly, ScheduleRound } from './round.commands';
import { roundDecider } from './round.decider';
import type { RoundEvent } from './round.events';

const roundId = 'b9c1f7a2-2f4e-4c3e-9d55-0a6f3f1b2c3d';
const metadata = (now: string): CommandMetadata => ({
  now: new Date(now),
  actor: { subject: 'admin-1', role: 'admin' },
  correlationId: 'c-1',
  causationId: 'c-1',
});
const dates = {
  opensOn: '2027-01-11',
  closesOn: '2027-02-12',
  decisionsBy: '2027-03-19',
  inductionDates: ['2027-04-20'],
};
const scheduled: RoundEvent = { type: 'RoundScheduled', data: { roundId, alliance: 'CATSA', ...dates } };

const schedule = (
  data: Partial<ScheduleRound['data']> = {},
  now = '2026-11-27T10:00:00Z',
): ScheduleRound => ({
  type: 'ScheduleRound',
  data: { roundId, alliance: 'CATSA', ...dates, ...data },
  metadata: metadata(now),
});
const amend = (data: Partial<AmendRoundDates['data']>, now = '2026-11-27T10:00:00Z'): AmendRoundDates => ({
  type: 'AmendRoundDates',
  data: { roundId, ...dates, ...data },
  metadata: metadata(now),
});
const close = (now: string, reason = 'enough applicants'): CloseRoundEarly => ({
  type: 'CloseRoundEarly',
  data: { roundId, reason },
  metadata: metadata(now),
});

describe('application rounds', () => {
  describe('ScheduleRound', () => {
    it('schedules a round for an alliance with its dates', () => {
      expect(given(roundDecider).when(schedule()).events).toEqual([scheduled]);
    });

    it('keeps induction dates in date order', () => {
      const outcome = given(roundDecider).when(schedule({ inductionDates: ['2027-05-01', '2027-04-20'] }));
      expect(outcome.events?.[0]?.data).toMatchObject({ inductionDates: ['2027-04-20', '2027-05-01'] });
    });

    it('accepts a round whose induction dates are still to be confirmed', () => {
      expect(given(roundDecider).when(schedule({ inductionDates: [] })).events).toHaveLength(1);
    });

    it.each([
      ['closing before opening', { closesOn: '2027-01-10' }, /closes on 2027-01-10, before it opens/],
      ['decisions before closing', { decisionsBy: '2027-02-11' }, /Decisions are due by 2027-02-11/],
      ['induction before decisions', { inductionDates: ['2027-03-18'] }, /Induction on 2027-03-18/],
    ])('refuses dates out of order: %s', (_, data, message) => {
      const { error } = given(roundDecider).when(schedule(data));
      expect(error?.code).toBe('ROUND_DATES_OUT_OF_ORDER');
      expect(error?.message).toMatch(message);
    });

    it('refuses a round that would already have closed', () => {
      const { error } = given(roundDecider).when(schedule({}, '2027-02-13T09:00:00Z'));
      expect(error?.code).toBe('ROUND_CLOSES_IN_THE_PAST');
    });

    it('is a no-op when the same round is scheduled again', () => {
      expect(given(roundDecider, scheduled).when(schedule()).events).toEqual([]);
    });

    it('refuses a different round under the same id as a conflict', () => {
      const { error } = given(roundDecider, scheduled).when(schedule({ alliance: 'CASSA' }));
      expect(error).toMatchObject({ code: 'ROUND_ALREADY_EXISTS', kind: 'conflict' });
    });
  });

  describe('AmendRoundDates', () => {
    it('amends the dates before the round opens', () => {
      const outcome = given(roundDecider, scheduled).when(amend({ closesOn: '2027-02-19' }));
      expect(outcome.events).toEqual([
        { type: 'RoundDatesAmended', data: { roundId, ...dates, closesOn: '2027-02-19' } },
      ]);
    });

    it('refuses once the round has opened, counting the day it opens in England', () => {
      const { error } = given(roundDecider, scheduled).when(
        amend({ closesOn: '2027-02-19' }, '2027-01-11T00:30:00Z'),
      );
      expect(error?.code).toBe('ROUND_ALREADY_OPENED');
    });

    it('refuses amended dates out of order', () => {
      const { error } = given(roundDecider, scheduled).when(amend({ decisionsBy: '2027-01-01' }));
      expect(error?.code).toBe('ROUND_DATES_OUT_OF_ORDER');
    });

    it('says a round that does not exist is not found', () => {
      expect(given(roundDecider).when(amend({})).error).toMatchObject({
        code: 'ROUND_NOT_FOUND',
        kind: 'not_found',
      });
    });
  });

  describe('CloseRoundEarly', () => {
    it('closes an open round on the day it is asked', () => {
      const outcome = given(roundDecider, scheduled).when(close('2027-01-20T15:00:00Z'));
      expect(outcome.events).toEqual([
        { type: 'RoundClosedEarly', data: { roundId, closedOn: '2027-01-20', reason: 'enough applicants' } },
      ]);
    });

    it('refuses a round that has already closed, early or on its date', () => {
      const closed: RoundEvent = {
        type: 'RoundClosedEarly',
        data: { roundId, closedOn: '2027-01-20', reason: 'x' },
      };
      expect(given(roundDecider, scheduled, closed).when(close('2027-01-21T10:00:00Z')).error?.code).toBe(
        'ROUND_ALREADY_CLOSED',
      );
      expect(given(roundDecider, scheduled).when(close('2027-02-13T10:00:00Z')).error?.code).toBe(
        'ROUND_ALREADY_CLOSED',
      );
    });

    it('needs a reason', () => {
      expect(given(roundDecider, scheduled).when(close('2027-01-20T15:00:00Z', '  ')).error?.code).toBe(
        'REASON_REQUIRED',
      );
    });
  });
});

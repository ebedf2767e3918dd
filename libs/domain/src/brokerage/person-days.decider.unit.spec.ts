import { fold } from '../shared/decider';
import { DomainError } from '../shared/domain-error';
import { given } from '../testing/decider-specification';
import { ids, metadata, opened, rules } from './brokerage.fixtures';
import {
  personDaysStreamId,
  releasePersonDayFor,
  releasePersonDayFrom,
  reservePersonDayFor,
  type ReleasePersonDay,
  type ReservePersonDay,
} from './person-days.commands';
import { personDaysDecider } from './person-days.decider';
import type { PersonDaysEvent } from './person-days.events';
import { halfDaysReservedOn, personDayReservation } from './person-days.state';
import type { LogSupportDay } from './placement.commands';
import { placementDecider } from './placement.decider';
import type { PlacementEvent } from './placement.events';

const personId = ids.lle;
const meta = metadata('2027-10-20T16:00:00Z', ids.lle, 'lle');
const reserve = (data: Partial<ReservePersonDay['data']> = {}): ReservePersonDay => ({
  type: 'ReservePersonDay',
  data: { personId, dayId: 'day-1', placementId: 'placement-1', date: '2027-10-20', halfDays: 2, ...data },
  metadata: meta,
});
const reservedEvent = (data: Partial<ReservePersonDay['data']> = {}): PersonDaysEvent => ({
  type: 'PersonDayReserved',
  data: reserve(data).data,
});
const release = (dayId = 'day-1'): ReleasePersonDay => ({
  type: 'ReleasePersonDay',
  data: { personId, dayId, reason: 'voided' },
  metadata: meta,
});

describe('person days', () => {
  it('live on one stream per person', () => {
    expect(personDaysStreamId(personId)).toBe('person-days-person-lle-1');
  });

  it('reserves a day for a person, once per day id', () => {
    expect(given(personDaysDecider).when(reserve()).events).toEqual([reservedEvent()]);
    expect(given(personDaysDecider, reservedEvent()).when(reserve()).events).toEqual([]);
    expect(
      given(personDaysDecider, reservedEvent()).when(reserve({ date: '2027-10-21' })).error,
    ).toMatchObject({
      code: 'DAY_ID_REUSED',
      kind: 'conflict',
    });
  });

  it('allows two half days on one date across placements, never more than a full day', () => {
    const morning = reservedEvent({ halfDays: 1 });
    const afternoon = reserve({ dayId: 'day-2', placementId: 'placement-2', halfDays: 1 });
    expect(given(personDaysDecider, morning).when(afternoon).events).toHaveLength(1);
    const evening = reserve({ dayId: 'day-3', placementId: 'placement-3', halfDays: 1 });
    expect(
      given(personDaysDecider, morning, reservedEvent({ dayId: 'day-2', halfDays: 1 })).when(evening).error,
    ).toMatchObject({
      code: 'MORE_THAN_A_FULL_DAY',
      kind: 'rule',
      details: { date: '2027-10-20', halfDaysAlready: 2 },
    });
    expect(
      given(personDaysDecider, reservedEvent()).when(reserve({ dayId: 'day-2', halfDays: 1 })).error?.code,
    ).toBe('MORE_THAN_A_FULL_DAY');
    expect(
      given(personDaysDecider, reservedEvent()).when(reserve({ dayId: 'day-2', date: '2027-10-21' })).events,
    ).toHaveLength(1);
  });

  it('frees the date when a reservation is released; releasing what is not held changes nothing', () => {
    const { events } = given(personDaysDecider, reservedEvent()).when(release());
    expect(events).toEqual([
      {
        type: 'PersonDayReleased',
        data: {
          personId,
          dayId: 'day-1',
          placementId: 'placement-1',
          date: '2027-10-20',
          halfDays: 2,
          reason: 'voided',
        },
      },
    ]);
    const state = fold(personDaysDecider, [reservedEvent(), ...events!]);
    expect(halfDaysReservedOn(state, '2027-10-20')).toBe(0);
    expect(given(personDaysDecider, reservedEvent(), ...events!).when(release()).events).toEqual([]);
    expect(
      given(personDaysDecider, reservedEvent(), ...events!).when(reserve({ dayId: 'day-2' })).events,
    ).toHaveLength(1);
  });

  it('refuses a day of another length or an invalid date', () => {
    expect(given(personDaysDecider).when(reserve({ halfDays: 3 as never })).error?.code).toBe(
      'DAY_LENGTH_INVALID',
    );
    expect(given(personDaysDecider).when(reserve({ date: '2027-02-30' })).error?.code).toBe('DATE_INVALID');
  });

  /**
   * The edge's order for LogSupportDay, played with the pure deciders: reserve on the person's stream, then
   * log on the placement with the reservation in its context; a refused log releases the reservation.
   */
  describe('with the placements, in the order the edge appends', () => {
    const placementOne = [opened()];
    const placementTwo = [
      opened({ placementId: 'placement-2', requestId: 'request-2', recipientUrn: 110124 }),
    ];
    const log = (placementId: string, dayId: string, length: 'full' | 'half'): LogSupportDay => ({
      type: 'LogSupportDay',
      data: { placementId, dayId, personId, date: '2027-10-20', length, note: 'Coaching session' },
      metadata: meta,
    });

    function logDay(
      person: PersonDaysEvent[],
      placement: PlacementEvent[],
      command: LogSupportDay,
    ): { person: PersonDaysEvent[]; placement: PlacementEvent[] } | DomainError {
      try {
        const reservation = personDaysDecider.decide(
          reservePersonDayFor(command),
          fold(personDaysDecider, person),
          undefined,
        );
        const personAfter = [...person, ...reservation];
        const context = {
          rules,
          reservation: personDayReservation(fold(personDaysDecider, personAfter), command.data.dayId),
        };
        try {
          const logged = placementDecider.decide(command, fold(placementDecider, placement), context);
          return { person: personAfter, placement: [...placement, ...logged] };
        } catch (refused) {
          const released = personDaysDecider.decide(
            releasePersonDayFor(command, 'not_logged'),
            fold(personDaysDecider, personAfter),
            undefined,
          );
          expect(released).toHaveLength(1);
          throw refused;
        }
      } catch (error) {
        if (error instanceof DomainError) return error;
        throw error;
      }
    }

    it('refuses a second full day for the same person on the same date on another placement', () => {
      const first = logDay([], placementOne, log('placement-1', 'day-1', 'full'));
      if (first instanceof DomainError) throw first;
      const second = logDay(first.person, placementTwo, log('placement-2', 'day-2', 'full'));
      expect(second).toMatchObject({ code: 'MORE_THAN_A_FULL_DAY' });
      const half = logDay(first.person, placementTwo, log('placement-2', 'day-2', 'half'));
      expect(half).toMatchObject({ code: 'MORE_THAN_A_FULL_DAY' });
    });

    it('takes a half day on each of two placements, and a retried day once', () => {
      const first = logDay([], placementOne, log('placement-1', 'day-1', 'half'));
      if (first instanceof DomainError) throw first;
      const second = logDay(first.person, placementTwo, log('placement-2', 'day-2', 'half'));
      if (second instanceof DomainError) throw second;
      expect(second.placement).toHaveLength(2);
      const retry = logDay(first.person, first.placement, log('placement-1', 'day-1', 'half'));
      if (retry instanceof DomainError) throw retry;
      expect(retry.person).toEqual(first.person);
      expect(retry.placement).toEqual(first.placement);
    });

    it('frees the person’s date when the day is voided', () => {
      const voided = {
        type: 'SupportDayVoided',
        data: {
          placementId: 'placement-1',
          dayId: 'day-1',
          personId,
          date: '2027-10-20',
          halfDays: 2,
          reason: 'x',
          voidedOn: '2027-10-21',
        },
      } as const;
      expect(releasePersonDayFrom(voided, meta)).toEqual(release());
    });
  });
});

import { isLocalDate } from '../shared/calendar';
import { assertNever, type Decider } from '../shared/decider';
import { DomainError } from '../shared/domain-error';
import { HALF_DAYS_PER_DAY } from './brokerage-rules';
import type { PersonDaysCommand, ReleasePersonDay, ReservePersonDay } from './person-days.commands';
import type { PersonDaysEvent } from './person-days.events';
import {
  evolvePersonDays,
  halfDaysReservedOn,
  initialPersonDaysState,
  personDayReservation,
  type PersonDaysState,
} from './person-days.state';

export const personDaysDecider: Decider<PersonDaysCommand, PersonDaysEvent, PersonDaysState> = {
  initialState: initialPersonDaysState,
  evolve: evolvePersonDays,
  decide(command, state) {
    switch (command.type) {
      case 'ReservePersonDay':
        return reservePersonDay(command, state);
      case 'ReleasePersonDay':
        return releasePersonDay(command, state);
      default:
        return assertNever(command);
    }
  },
};

function reservePersonDay(command: ReservePersonDay, state: PersonDaysState): PersonDaysEvent[] {
  const { personId, dayId, placementId, date, halfDays } = command.data;
  const held = personDayReservation(state, dayId);
  if (held !== undefined) {
    if (held.placementId === placementId && held.date === date && held.halfDays === halfDays) return [];
    throw new DomainError(
      'DAY_ID_REUSED',
      `Day ${dayId} is already reserved for ${held.date} on placement ${held.placementId}`,
      'conflict',
    );
  }
  if (halfDays !== 1 && halfDays !== 2) {
    throw new DomainError('DAY_LENGTH_INVALID', 'A support day is a full day or a half day');
  }
  if (!isLocalDate(date)) throw new DomainError('DATE_INVALID', `${String(date)} is not a date`);
  const already = halfDaysReservedOn(state, date);
  if (already + halfDays > HALF_DAYS_PER_DAY) {
    throw new DomainError(
      'MORE_THAN_A_FULL_DAY',
      `This person already has ${already === 2 ? 'a full day' : 'a half day'} of support logged on ${date}; one person delivers at most a full day on a date, across placements`,
      'rule',
      { date, halfDaysAlready: already },
    );
  }
  return [{ type: 'PersonDayReserved', data: { personId, dayId, placementId, date, halfDays } }];
}

/** Releasing what is not held changes nothing. */
function releasePersonDay(command: ReleasePersonDay, state: PersonDaysState): PersonDaysEvent[] {
  const { personId, dayId, reason } = command.data;
  const held = personDayReservation(state, dayId);
  if (held === undefined) return [];
  const { placementId, date, halfDays } = held;
  return [{ type: 'PersonDayReleased', data: { personId, dayId, placementId, date, halfDays, reason } }];
}

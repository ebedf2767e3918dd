import type { LocalDate } from '../shared/calendar';
import type { Event } from '../shared/command';
import type { EventTypeDefinitions } from '../shared/event-types';

/**
 * The support days one person delivers, one stream per person (`person-days-<personId>`), across all
 * placements: the LLE's own and those of staff days were transferred to. It is the consistency boundary of
 * the rule that one person delivers at most a full day on any date, which spans placements (and LLEs: a
 * deputy may receive days from two placements).
 *
 * Logging a day reserves it here first, keyed by the client's day id, then logs it on the placement, whose
 * decider refuses a day without its reservation: so no day is ever on a placement without being counted
 * here. A reservation the placement did not take (refused, or voided later) is released.
 */
export type PersonDayReserved = Event<
  'PersonDayReserved',
  { personId: string; dayId: string; placementId: string; date: LocalDate; halfDays: 1 | 2 }
>;

export const PERSON_DAY_RELEASE_REASONS = [
  /** The placement refused the day, or never logged it. */
  'not_logged',
  /** The day was voided on its placement. */
  'voided',
] as const;
export type PersonDayReleaseReason = (typeof PERSON_DAY_RELEASE_REASONS)[number];

export type PersonDayReleased = Event<
  'PersonDayReleased',
  {
    personId: string;
    dayId: string;
    placementId: string;
    date: LocalDate;
    halfDays: 1 | 2;
    reason: PersonDayReleaseReason;
  }
>;

export type PersonDaysEvent = PersonDayReserved | PersonDayReleased;

export const PERSON_DAYS_EVENT_TYPES: EventTypeDefinitions<PersonDaysEvent['type']> = {
  PersonDayReserved: { schemaVersion: 1 },
  PersonDayReleased: { schemaVersion: 1 },
};

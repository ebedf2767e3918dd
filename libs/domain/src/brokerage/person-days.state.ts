import type { LocalDate } from '../shared/calendar';
import type { PersonDaysEvent } from './person-days.events';

export interface PersonDayReservation {
  readonly dayId: string;
  readonly placementId: string;
  readonly date: LocalDate;
  readonly halfDays: 1 | 2;
}

export type PersonDaysState =
  | { readonly status: 'none' }
  | {
      readonly status: 'delivering';
      readonly personId: string;
      /** Reservations held, by day id; a released one is removed. */
      readonly reserved: Readonly<Record<string, PersonDayReservation>>;
    };

export const initialPersonDaysState = (): PersonDaysState => ({ status: 'none' });

export function evolvePersonDays(state: PersonDaysState, event: PersonDaysEvent): PersonDaysState {
  switch (event.type) {
    case 'PersonDayReserved': {
      const { personId, dayId, placementId, date, halfDays } = event.data;
      const reserved = state.status === 'delivering' ? state.reserved : {};
      if (reserved[dayId] !== undefined) return state;
      return {
        status: 'delivering',
        personId,
        reserved: { ...reserved, [dayId]: { dayId, placementId, date, halfDays } },
      };
    }
    case 'PersonDayReleased': {
      if (state.status !== 'delivering' || state.reserved[event.data.dayId] === undefined) return state;
      const { [event.data.dayId]: _, ...reserved } = state.reserved;
      return { ...state, reserved };
    }
    default:
      return state;
  }
}

/** The reservation of a day, while held: what LogSupportDay needs in its context. */
export function personDayReservation(
  state: PersonDaysState,
  dayId: string,
): PersonDayReservation | undefined {
  return state.status === 'delivering' ? state.reserved[dayId] : undefined;
}

/** Half-days the person has reserved on a date, across placements. */
export function halfDaysReservedOn(state: PersonDaysState, date: LocalDate): number {
  if (state.status === 'none') return 0;
  return Object.values(state.reserved)
    .filter((reservation) => reservation.date === date)
    .reduce((sum, reservation) => sum + reservation.halfDays, 0);
}

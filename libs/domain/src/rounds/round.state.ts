import type { AllianceCode } from '../alliances/alliances';
import type { LocalDate } from '../shared/calendar';
import type { RoundDates, RoundEvent } from './round.events';

export type RoundState =
  | { readonly status: 'none' }
  | { readonly status: 'scheduled'; readonly alliance: AllianceCode; readonly dates: RoundDates }
  | {
      readonly status: 'closed_early';
      readonly alliance: AllianceCode;
      readonly dates: RoundDates;
      readonly closedOn: LocalDate;
    };

export const initialRoundState = (): RoundState => ({ status: 'none' });

export function evolveRound(state: RoundState, event: RoundEvent): RoundState {
  switch (event.type) {
    case 'RoundScheduled': {
      const { opensOn, closesOn, decisionsBy, inductionDates, alliance } = event.data;
      return { status: 'scheduled', alliance, dates: { opensOn, closesOn, decisionsBy, inductionDates } };
    }
    case 'RoundDatesAmended': {
      if (state.status !== 'scheduled') return state;
      const { opensOn, closesOn, decisionsBy, inductionDates } = event.data;
      return { ...state, dates: { opensOn, closesOn, decisionsBy, inductionDates } };
    }
    case 'RoundClosedEarly':
      if (state.status !== 'scheduled') return state;
      return { ...state, status: 'closed_early', closedOn: event.data.closedOn };
    default:
      return state;
  }
}

/** Whether applications are accepted on a date: from the day it opens to the day it closes, unless closed early. */
export type RoundPhase = 'upcoming' | 'open' | 'closed';

export function roundPhaseOn(
  dates: Pick<RoundDates, 'opensOn' | 'closesOn'>,
  closedEarlyOn: LocalDate | undefined,
  today: LocalDate,
): RoundPhase {
  if (closedEarlyOn !== undefined && today >= closedEarlyOn) return 'closed';
  if (today < dates.opensOn) return 'upcoming';
  return today <= dates.closesOn ? 'open' : 'closed';
}

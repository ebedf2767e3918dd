import type { DayChargeEvent, DayCharged, ShareCredited } from './day-charge.events';

/**
 * A day's charge as its stream stands: nothing yet, charged (the fee and the share, appended together), or
 * reversed after the day was voided. Reversed is final: a voided day is never logged again.
 */
export type DayChargeState =
  | { readonly status: 'none' }
  | {
      readonly status: 'charged' | 'reversed';
      readonly charged: DayCharged['data'];
      readonly credited?: ShareCredited['data'];
    };

export const initialDayChargeState = (): DayChargeState => ({ status: 'none' });

export function evolveDayCharge(state: DayChargeState, event: DayChargeEvent): DayChargeState {
  switch (event.type) {
    case 'DayCharged':
      return state.status === 'none' ? { status: 'charged', charged: event.data } : state;
    case 'ShareCredited':
      return state.status === 'none' ? state : { ...state, credited: event.data };
    case 'DayChargeReversed':
      return state.status === 'charged' ? { ...state, status: 'reversed' } : state;
    default:
      return state;
  }
}

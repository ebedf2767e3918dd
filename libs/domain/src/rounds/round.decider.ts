import { dateInEngland, type LocalDate } from '../shared/calendar';
import { assertNever, type Decider } from '../shared/decider';
import { DomainError } from '../shared/domain-error';
import type { AmendRoundDates, CloseRoundEarly, RoundCommand, ScheduleRound } from './round.commands';
import type { RoundDates, RoundEvent } from './round.events';
import { evolveRound, initialRoundState, roundPhaseOn, type RoundState } from './round.state';

export const roundDecider: Decider<RoundCommand, RoundEvent, RoundState> = {
  initialState: initialRoundState,
  evolve: evolveRound,
  decide(command, state) {
    switch (command.type) {
      case 'ScheduleRound':
        return scheduleRound(command, state);
      case 'AmendRoundDates':
        return amendRoundDates(command, state);
      case 'CloseRoundEarly':
        return closeRoundEarly(command, state);
      default:
        return assertNever(command);
    }
  },
};

function scheduleRound(command: ScheduleRound, state: RoundState): RoundEvent[] {
  const { roundId, alliance, ...dates } = command.data;
  if (state.status !== 'none') {
    if (state.alliance === alliance && sameDates(state.dates, dates)) return [];
    throw new DomainError('ROUND_ALREADY_EXISTS', `Round ${roundId} already exists`, 'conflict');
  }
  checkDates(dates, dateInEngland(command.metadata.now));
  return [{ type: 'RoundScheduled', data: { roundId, alliance, ...copyDates(dates) } }];
}

function amendRoundDates(command: AmendRoundDates, state: RoundState): RoundEvent[] {
  const { roundId, ...dates } = command.data;
  const today = dateInEngland(command.metadata.now);
  if (state.status === 'none') throw roundNotFound(roundId);
  if (state.status === 'scheduled' && sameDates(state.dates, dates)) return [];
  if (state.status === 'closed_early' || roundPhaseOn(state.dates, undefined, today) !== 'upcoming') {
    throw new DomainError(
      'ROUND_ALREADY_OPENED',
      `Round ${roundId} opened on ${state.dates.opensOn}; its dates can only be amended before it opens`,
    );
  }
  checkDates(dates, today);
  return [{ type: 'RoundDatesAmended', data: { roundId, ...copyDates(dates) } }];
}

function closeRoundEarly(command: CloseRoundEarly, state: RoundState): RoundEvent[] {
  const { roundId, reason } = command.data;
  const today = dateInEngland(command.metadata.now);
  if (state.status === 'none') throw roundNotFound(roundId);
  if (state.status === 'closed_early') {
    throw new DomainError('ROUND_ALREADY_CLOSED', `Round ${roundId} was closed early on ${state.closedOn}`);
  }
  if (today > state.dates.closesOn) {
    throw new DomainError('ROUND_ALREADY_CLOSED', `Round ${roundId} closed on ${state.dates.closesOn}`);
  }
  if (!reason.trim()) throw new DomainError('REASON_REQUIRED', 'Closing a round early needs a reason');
  return [{ type: 'RoundClosedEarly', data: { roundId, closedOn: today, reason } }];
}

/** Opens on or before it closes; decisions on or after closing; induction on or after decisions. */
export function checkDates(dates: RoundDates, today: LocalDate): void {
  const { opensOn, closesOn, decisionsBy, inductionDates } = dates;
  if (closesOn < opensOn) {
    throw outOfOrder(`The round closes on ${closesOn}, before it opens on ${opensOn}`);
  }
  if (decisionsBy < closesOn) {
    throw outOfOrder(`Decisions are due by ${decisionsBy}, before the round closes on ${closesOn}`);
  }
  const early = inductionDates.find((date) => date < decisionsBy);
  if (early !== undefined) {
    throw outOfOrder(`Induction on ${early} comes before decisions are due on ${decisionsBy}`);
  }
  if (closesOn < today) {
    throw new DomainError(
      'ROUND_CLOSES_IN_THE_PAST',
      `The round would close on ${closesOn}, which has passed`,
    );
  }
}

function outOfOrder(message: string): DomainError {
  return new DomainError('ROUND_DATES_OUT_OF_ORDER', message);
}

function roundNotFound(roundId: string): DomainError {
  return new DomainError('ROUND_NOT_FOUND', `There is no round ${roundId}`, 'not_found');
}

function copyDates(dates: RoundDates): RoundDates {
  const { opensOn, closesOn, decisionsBy, inductionDates } = dates;
  return { opensOn, closesOn, decisionsBy, inductionDates: [...inductionDates].sort() };
}

function sameDates(a: RoundDates, b: RoundDates): boolean {
  const x = copyDates(a);
  const y = copyDates(b);
  return (
    x.opensOn === y.opensOn &&
    x.closesOn === y.closesOn &&
    x.decisionsBy === y.decisionsBy &&
    x.inductionDates.join() === y.inductionDates.join()
  );
}

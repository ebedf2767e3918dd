import type { AllianceCode } from '../alliances/alliances';
import type { Command } from '../shared/command';
import type { RoundDates } from './round.events';

export type ScheduleRound = Command<
  'ScheduleRound',
  RoundDates & { roundId: string; alliance: AllianceCode }
>;
export type AmendRoundDates = Command<'AmendRoundDates', RoundDates & { roundId: string }>;
export type CloseRoundEarly = Command<'CloseRoundEarly', { roundId: string; reason: string }>;

export type RoundCommand = ScheduleRound | AmendRoundDates | CloseRoundEarly;

export function roundStreamId(roundId: string): string {
  return `round-${roundId}`;
}

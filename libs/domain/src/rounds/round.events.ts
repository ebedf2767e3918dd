import type { AllianceCode } from '../alliances/alliances';
import type { LocalDate } from '../shared/calendar';
import type { Event } from '../shared/command';
import type { EventTypeDefinitions } from '../shared/event-types';

export interface RoundDates {
  readonly opensOn: LocalDate;
  readonly closesOn: LocalDate;
  readonly decisionsBy: LocalDate;
  /** Induction dates; empty while they are still to be confirmed. */
  readonly inductionDates: readonly LocalDate[];
}

export type RoundScheduled = Event<
  'RoundScheduled',
  RoundDates & { roundId: string; alliance: AllianceCode }
>;
export type RoundDatesAmended = Event<'RoundDatesAmended', RoundDates & { roundId: string }>;
export type RoundClosedEarly = Event<
  'RoundClosedEarly',
  { roundId: string; closedOn: LocalDate; reason: string }
>;

export type RoundEvent = RoundScheduled | RoundDatesAmended | RoundClosedEarly;

/** RoundScheduled v1 had one optional induction date; v2 has a list, empty while dates are to be confirmed. */
export function upcastRoundScheduledV1(data: unknown): unknown {
  const { inductionDate, ...rest } = data as { inductionDate?: LocalDate | null } & Record<string, unknown>;
  return { ...rest, inductionDates: inductionDate ? [inductionDate] : [] };
}

export const ROUND_EVENT_TYPES: EventTypeDefinitions<RoundEvent['type']> = {
  RoundScheduled: { schemaVersion: 2, upcasters: { 1: upcastRoundScheduledV1 } },
  RoundDatesAmended: { schemaVersion: 1 },
  RoundClosedEarly: { schemaVersion: 1 },
};

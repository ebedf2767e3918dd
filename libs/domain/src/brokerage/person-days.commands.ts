import type { LocalDate } from '../shared/calendar';
import type { Command, CommandMetadata } from '../shared/command';
import { halfDaysOf } from './brokerage-rules';
import type { PersonDayReleaseReason } from './person-days.events';
import type { LogSupportDay } from './placement.commands';
import type { SupportDayVoided } from './placement.events';

export type ReservePersonDay = Command<
  'ReservePersonDay',
  { personId: string; dayId: string; placementId: string; date: LocalDate; halfDays: 1 | 2 }
>;
export type ReleasePersonDay = Command<
  'ReleasePersonDay',
  { personId: string; dayId: string; reason: PersonDayReleaseReason }
>;

export type PersonDaysCommand = ReservePersonDay | ReleasePersonDay;

export function personDaysStreamId(personId: string): string {
  return `person-days-${personId}`;
}

/**
 * The first append of LogSupportDay, on the person's stream, with the same metadata. The edge then logs the
 * day on the placement with this reservation in its context; if the placement refuses it, it releases the
 * reservation (`releasePersonDayFor(log, 'not_logged')`).
 */
export function reservePersonDayFor(log: LogSupportDay): ReservePersonDay {
  const { personId, dayId, placementId, date, length } = log.data;
  return {
    type: 'ReservePersonDay',
    data: { personId, dayId, placementId, date, halfDays: halfDaysOf(length) },
    metadata: log.metadata,
  };
}

export function releasePersonDayFor(log: LogSupportDay, reason: PersonDayReleaseReason): ReleasePersonDay {
  const { personId, dayId } = log.data;
  return { type: 'ReleasePersonDay', data: { personId, dayId, reason }, metadata: log.metadata };
}

/** After VoidSupportDay: frees the person's date (a reactor on SupportDayVoided sends it again if needed). */
export function releasePersonDayFrom(voided: SupportDayVoided, metadata: CommandMetadata): ReleasePersonDay {
  const { personId, dayId } = voided.data;
  return { type: 'ReleasePersonDay', data: { personId, dayId, reason: 'voided' }, metadata };
}

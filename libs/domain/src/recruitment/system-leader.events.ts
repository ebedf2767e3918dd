import type { AllianceCode } from '../alliances/alliances';
import type { LocalDate } from '../shared/calendar';
import type { Event } from '../shared/command';
import type { EventTypeDefinitions } from '../shared/event-types';
import type { EndReason } from './designation.events';

/**
 * The other system leaders of the continuum (the alliances' LLE page): national leaders of education, who
 * lead the LLE clusters, specialist leaders of education and national leaders of governance. They are
 * designated elsewhere (nationally, or through the SLE programme), so they are recorded here, not
 * recruited. One stream per person and role; the person is a person id.
 */
export const SYSTEM_LEADER_ROLES = ['NLE', 'SLE', 'NLG'] as const;
export type SystemLeaderRole = (typeof SYSTEM_LEADER_ROLES)[number];

export type SystemLeaderRecorded = Event<
  'SystemLeaderRecorded',
  {
    personId: string;
    role: SystemLeaderRole;
    /** The school they serve: an NLE's or SLE's school, the school an NLG governs. */
    schoolUrn: number;
    alliance?: AllianceCode;
    designatedOn: LocalDate;
    recordedOn: LocalDate;
  }
>;
export type SystemLeaderDesignationEnded = Event<
  'SystemLeaderDesignationEnded',
  { personId: string; role: SystemLeaderRole; reason: EndReason; note?: string; endedOn: LocalDate }
>;

export type SystemLeaderEvent = SystemLeaderRecorded | SystemLeaderDesignationEnded;

export const SYSTEM_LEADER_EVENT_TYPES: EventTypeDefinitions<SystemLeaderEvent['type']> = {
  SystemLeaderRecorded: { schemaVersion: 1 },
  SystemLeaderDesignationEnded: { schemaVersion: 1 },
};

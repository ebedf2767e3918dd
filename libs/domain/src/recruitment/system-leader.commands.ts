import type { AllianceCode } from '../alliances/alliances';
import type { LocalDate } from '../shared/calendar';
import type { Command } from '../shared/command';
import type { EndReason } from './designation.events';
import type { SystemLeaderRole } from './system-leader.events';

export type RecordSystemLeader = Command<
  'RecordSystemLeader',
  {
    personId: string;
    role: SystemLeaderRole;
    schoolUrn: number;
    alliance?: AllianceCode;
    /** When they were designated, which may be long before they are recorded here. */
    designatedOn: LocalDate;
  }
>;
/** A note is needed when the reason is 'other'. */
export type EndSystemLeaderDesignation = Command<
  'EndSystemLeaderDesignation',
  { personId: string; role: SystemLeaderRole; reason: EndReason; note?: string }
>;

export type SystemLeaderCommand = RecordSystemLeader | EndSystemLeaderDesignation;

export function systemLeaderStreamId(role: SystemLeaderRole, personId: string): string {
  return `system-leader-${role.toLowerCase()}-${personId}`;
}

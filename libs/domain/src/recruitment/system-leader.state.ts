import type { AllianceCode } from '../alliances/alliances';
import type { LocalDate } from '../shared/calendar';
import type { EndReason } from './designation.events';
import type { SystemLeaderEvent, SystemLeaderRole } from './system-leader.events';

export interface SystemLeaderRecord {
  readonly personId: string;
  readonly role: SystemLeaderRole;
  readonly schoolUrn: number;
  readonly alliance?: AllianceCode;
  readonly designatedOn: LocalDate;
}

export type SystemLeaderState =
  | { readonly status: 'none' }
  | { readonly status: 'designated'; readonly record: SystemLeaderRecord }
  | {
      readonly status: 'ended';
      readonly record: SystemLeaderRecord;
      readonly ending: { readonly reason: EndReason; readonly note?: string; readonly on: LocalDate };
    };

export const initialSystemLeaderState = (): SystemLeaderState => ({ status: 'none' });

export function evolveSystemLeader(state: SystemLeaderState, event: SystemLeaderEvent): SystemLeaderState {
  switch (event.type) {
    case 'SystemLeaderRecorded': {
      const { personId, role, schoolUrn, alliance, designatedOn } = event.data;
      return {
        status: 'designated',
        record: { personId, role, schoolUrn, ...(alliance !== undefined ? { alliance } : {}), designatedOn },
      };
    }
    case 'SystemLeaderDesignationEnded': {
      if (state.status !== 'designated') return state;
      const { reason, note, endedOn } = event.data;
      return {
        status: 'ended',
        record: state.record,
        ending: { reason, ...(note !== undefined ? { note } : {}), on: endedOn },
      };
    }
    default:
      return state;
  }
}

/** What forming a cluster needs to know of its NLE (their folded stream). */
export interface SystemLeaderFacts {
  readonly personId: string;
  readonly role: SystemLeaderRole;
  readonly designated: boolean;
  readonly schoolUrn: number;
  readonly alliance?: AllianceCode;
}

export function systemLeaderFacts(state: SystemLeaderState): SystemLeaderFacts | undefined {
  if (state.status === 'none') return undefined;
  return { ...state.record, designated: state.status === 'designated' };
}

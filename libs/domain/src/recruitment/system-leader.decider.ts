import { isAllianceCode } from '../alliances/alliances';
import { dateInEngland, isLocalDate } from '../shared/calendar';
import { assertNever, type Decider } from '../shared/decider';
import { DomainError } from '../shared/domain-error';
import { checkEndReason } from './designation.decider';
import type {
  EndSystemLeaderDesignation,
  RecordSystemLeader,
  SystemLeaderCommand,
} from './system-leader.commands';
import { SYSTEM_LEADER_ROLES, type SystemLeaderEvent } from './system-leader.events';
import { evolveSystemLeader, initialSystemLeaderState, type SystemLeaderState } from './system-leader.state';

export const systemLeaderDecider: Decider<SystemLeaderCommand, SystemLeaderEvent, SystemLeaderState> = {
  initialState: initialSystemLeaderState,
  evolve: evolveSystemLeader,
  decide(command, state) {
    switch (command.type) {
      case 'RecordSystemLeader':
        return recordSystemLeader(command, state);
      case 'EndSystemLeaderDesignation':
        return endSystemLeaderDesignation(command, state);
      default:
        return assertNever(command);
    }
  },
};

function recordSystemLeader(command: RecordSystemLeader, state: SystemLeaderState): SystemLeaderEvent[] {
  const { personId, role, schoolUrn, alliance, designatedOn } = command.data;
  const today = dateInEngland(command.metadata.now);
  if (state.status === 'designated') {
    const { record } = state;
    const same =
      record.personId === personId &&
      record.role === role &&
      record.schoolUrn === schoolUrn &&
      record.alliance === alliance &&
      record.designatedOn === designatedOn;
    if (same) return [];
    throw new DomainError(
      'SYSTEM_LEADER_ALREADY_RECORDED',
      `This ${role} is already recorded as designated on ${record.designatedOn}`,
      'conflict',
    );
  }
  if (!(SYSTEM_LEADER_ROLES as readonly string[]).includes(role)) {
    throw new DomainError(
      'SYSTEM_LEADER_ROLE_INVALID',
      `System leaders recorded here are ${SYSTEM_LEADER_ROLES.join(', ')}; LLEs are designated from an application`,
    );
  }
  if (!isLocalDate(designatedOn) || designatedOn > today) {
    throw new DomainError(
      'SYSTEM_LEADER_DATE_INVALID',
      `The designation date ${String(designatedOn)} must be a date, not in the future`,
    );
  }
  if (!Number.isInteger(schoolUrn) || schoolUrn <= 0) {
    throw new DomainError('UNKNOWN_SCHOOL', `There is no school with URN ${schoolUrn}`);
  }
  if (alliance !== undefined && !isAllianceCode(alliance)) {
    throw new DomainError('UNKNOWN_ALLIANCE', `There is no alliance ${String(alliance)}`);
  }
  return [
    {
      type: 'SystemLeaderRecorded',
      data: {
        personId,
        role,
        schoolUrn,
        ...(alliance !== undefined ? { alliance } : {}),
        designatedOn,
        recordedOn: today,
      },
    },
  ];
}

function endSystemLeaderDesignation(
  command: EndSystemLeaderDesignation,
  state: SystemLeaderState,
): SystemLeaderEvent[] {
  const { personId, role, reason, note } = command.data;
  if (state.status === 'none') {
    throw new DomainError('SYSTEM_LEADER_NOT_FOUND', `No ${role} is recorded for this person`, 'not_found');
  }
  if (state.status === 'ended') {
    if (state.ending.reason === reason && state.ending.note === note) return [];
    throw new DomainError(
      'DESIGNATION_ENDED',
      `This ${role} designation already ended on ${state.ending.on}`,
    );
  }
  checkEndReason(reason, note);
  return [
    {
      type: 'SystemLeaderDesignationEnded',
      data: {
        personId,
        role,
        reason,
        ...(note !== undefined ? { note } : {}),
        endedOn: dateInEngland(command.metadata.now),
      },
    },
  ];
}

import { dateInEngland, isLocalDate } from '../shared/calendar';
import { assertNever, type Decider } from '../shared/decider';
import { DomainError } from '../shared/domain-error';
import { ASSESSMENT_STAGES } from './application.events';
import type { ApplicationSummary } from './application.state';
import type { ClusterFacts } from './cluster.state';
import type {
  AddLLEToCluster,
  DesignateLLE,
  EndDesignation,
  LLEDesignationCommand,
  LLEDesignationContext,
  MoveLLEBetweenClusters,
  ReinstateDesignation,
  SuspendDesignation,
} from './designation.commands';
import {
  END_REASONS,
  SUSPENSION_REASONS,
  type EndReason,
  type LLEDesignationEvent,
  type SuspensionReason,
} from './designation.events';
import {
  evolveLLEDesignation,
  initialLLEDesignationState,
  type LLEDesignationState,
} from './designation.state';

export const lleDesignationDecider: Decider<
  LLEDesignationCommand,
  LLEDesignationEvent,
  LLEDesignationState,
  LLEDesignationContext
> = {
  initialState: initialLLEDesignationState,
  evolve: evolveLLEDesignation,
  decide(command, state, context) {
    switch (command.type) {
      case 'DesignateLLE':
        return designateLLE(command, state, context);
      case 'SuspendDesignation':
        return suspendDesignation(command, state);
      case 'ReinstateDesignation':
        return reinstateDesignation(command, state);
      case 'EndDesignation':
        return endDesignation(command, state);
      case 'AddLLEToCluster':
        return addLLEToCluster(command, state, context);
      case 'MoveLLEBetweenClusters':
        return moveLLEBetweenClusters(command, state, context);
      default:
        return assertNever(command);
    }
  },
};

type OnRecord = Exclude<LLEDesignationState, { status: 'none' }>;

function designateLLE(
  command: DesignateLLE,
  state: LLEDesignationState,
  context: LLEDesignationContext,
): LLEDesignationEvent[] {
  const { lleId, applicationId, from, reviewOn } = command.data;
  const daysPerAcademicYear =
    command.data.daysPerAcademicYear ?? context.rules.designation.daysPerAcademicYear;
  if (state.status === 'active' || state.status === 'suspended') {
    const { designation } = state;
    const same =
      designation.applicationId === applicationId &&
      designation.from === from &&
      designation.reviewOn === reviewOn &&
      designation.daysPerAcademicYear === daysPerAcademicYear;
    if (same) return [];
    throw new DomainError(
      'LLE_ALREADY_DESIGNATED',
      `This person is already designated an LLE (from ${designation.from}, ${state.status})`,
      'conflict',
    );
  }
  if (state.status === 'ended' && state.applicationIds.includes(applicationId)) {
    throw new DomainError(
      'APPLICATION_ALREADY_USED',
      `Application ${applicationId} already led to a designation, which ended; designating again needs a new application`,
    );
  }
  const application = checkApplication(context.application, applicationId, lleId);
  if (!isLocalDate(from) || !isLocalDate(reviewOn) || reviewOn <= from) {
    throw new DomainError(
      'DESIGNATION_DATES_INVALID',
      `A designation runs from a date to a later review date (from ${String(from)}, review ${String(reviewOn)})`,
    );
  }
  if (application.panelDecidedOn !== undefined && from < application.panelDecidedOn) {
    throw new DomainError(
      'DESIGNATION_DATES_INVALID',
      `The designation cannot start on ${from}, before the panel decided on ${application.panelDecidedOn}`,
    );
  }
  if (!Number.isInteger(daysPerAcademicYear) || daysPerAcademicYear <= 0) {
    throw new DomainError(
      'DESIGNATION_DAYS_INVALID',
      `Days per academic year must be a whole number above zero, not ${daysPerAcademicYear}`,
    );
  }
  return [
    {
      type: 'LLEDesignated',
      data: {
        lleId,
        applicationId,
        alliance: application.alliance,
        schoolUrn: application.schoolUrn,
        from,
        reviewOn,
        daysPerAcademicYear,
        designatedOn: dateInEngland(command.metadata.now),
      },
    },
  ];
}

/** No designation without all four stages on record and the panel's decision to designate. */
function checkApplication(
  application: ApplicationSummary | undefined,
  applicationId: string,
  lleId: string,
): ApplicationSummary {
  if (application === undefined || application.applicationId !== applicationId) {
    throw new DomainError('UNKNOWN_APPLICATION', `There is no application ${applicationId}`);
  }
  if (application.applicantId !== lleId) {
    throw new DomainError(
      'APPLICATION_OF_ANOTHER_PERSON',
      `Application ${applicationId} is not this person's; an LLE is designated from their own application`,
    );
  }
  if (application.status === 'withdrawn') {
    throw new DomainError('APPLICATION_WITHDRAWN', `Application ${applicationId} was withdrawn`);
  }
  const missing = ASSESSMENT_STAGES.filter(
    (stage) =>
      !application.stagesOnRecord.includes(stage) &&
      !(stage === 'panel' && application.panelDecision !== undefined),
  );
  if (missing.length > 0) {
    throw new DomainError(
      'DESIGNATION_STAGES_MISSING',
      `Application ${applicationId} cannot lead to a designation until every assessment stage is on record; missing: ${missing.join(', ')}`,
      'rule',
      { missing },
    );
  }
  if (application.panelDecision !== 'designate') {
    throw new DomainError(
      'PANEL_DID_NOT_DESIGNATE',
      `The designation panel decided to ${application.panelDecision ?? 'do nothing'} on application ${applicationId}`,
    );
  }
  return application;
}

function suspendDesignation(command: SuspendDesignation, state: LLEDesignationState): LLEDesignationEvent[] {
  const { lleId, reason, note } = command.data;
  const current = onRecord(state, lleId);
  if (current.status === 'suspended') {
    if (current.suspension.reason === reason && current.suspension.note === note) return [];
    throw new DomainError(
      'LLE_NOT_ACTIVE',
      `The LLE is already suspended since ${current.suspension.on} (${current.suspension.reason})`,
    );
  }
  notEnded(current);
  checkReason(SUSPENSION_REASONS, reason, note, 'suspension');
  return [
    {
      type: 'LLEDesignationSuspended',
      data: {
        lleId,
        reason,
        ...(note !== undefined ? { note } : {}),
        suspendedOn: dateInEngland(command.metadata.now),
      },
    },
  ];
}

function reinstateDesignation(
  command: ReinstateDesignation,
  state: LLEDesignationState,
): LLEDesignationEvent[] {
  const { lleId, note } = command.data;
  const current = onRecord(state, lleId);
  if (current.status === 'active') return [];
  notEnded(current);
  return [
    {
      type: 'LLEDesignationReinstated',
      data: {
        lleId,
        ...(note !== undefined ? { note } : {}),
        reinstatedOn: dateInEngland(command.metadata.now),
      },
    },
  ];
}

function endDesignation(command: EndDesignation, state: LLEDesignationState): LLEDesignationEvent[] {
  const { lleId, reason, note } = command.data;
  const current = onRecord(state, lleId);
  if (current.status === 'ended') {
    if (current.ending.reason === reason && current.ending.note === note) return [];
    notEnded(current);
  }
  checkEndReason(reason, note);
  return [
    {
      type: 'LLEDesignationEnded',
      data: {
        lleId,
        reason,
        ...(note !== undefined ? { note } : {}),
        endedOn: dateInEngland(command.metadata.now),
      },
    },
  ];
}

function addLLEToCluster(
  command: AddLLEToCluster,
  state: LLEDesignationState,
  context: LLEDesignationContext,
): LLEDesignationEvent[] {
  const { lleId, clusterId } = command.data;
  const current = onRecord(state, lleId);
  if (current.status !== 'ended' && current.clusterId === clusterId) return [];
  checkActive(current);
  checkCluster(context.cluster, clusterId, current);
  if (current.clusterId !== undefined) {
    throw new DomainError(
      'LLE_ALREADY_IN_CLUSTER',
      `The LLE is already in cluster ${current.clusterId}; move them between clusters instead`,
    );
  }
  return [
    {
      type: 'LLEAssignedToCluster',
      data: { lleId, clusterId, assignedOn: dateInEngland(command.metadata.now) },
    },
  ];
}

function moveLLEBetweenClusters(
  command: MoveLLEBetweenClusters,
  state: LLEDesignationState,
  context: LLEDesignationContext,
): LLEDesignationEvent[] {
  const { lleId, fromClusterId, toClusterId, reason } = command.data;
  const current = onRecord(state, lleId);
  if (current.status !== 'ended' && current.clusterId === toClusterId) return [];
  checkActive(current);
  if (current.clusterId !== fromClusterId) {
    throw new DomainError(
      'LLE_NOT_IN_CLUSTER',
      current.clusterId === undefined
        ? `The LLE is in no cluster; add them to one instead`
        : `The LLE is in cluster ${current.clusterId}, not ${fromClusterId}`,
      'conflict',
    );
  }
  checkCluster(context.cluster, toClusterId, current);
  if (!reason.trim())
    throw new DomainError('REASON_REQUIRED', 'Moving an LLE to another cluster needs a reason');
  return [
    {
      type: 'LLEMovedBetweenClusters',
      data: { lleId, fromClusterId, toClusterId, reason, movedOn: dateInEngland(command.metadata.now) },
    },
  ];
}

function onRecord(state: LLEDesignationState, lleId: string): OnRecord {
  if (state.status === 'none') {
    throw new DomainError('LLE_NOT_FOUND', `No LLE designation is recorded for ${lleId}`, 'not_found');
  }
  return state;
}

function notEnded(current: OnRecord): void {
  if (current.status === 'ended') {
    throw new DomainError(
      'DESIGNATION_ENDED',
      `The LLE's designation ended on ${current.ending.on} (${current.ending.reason})`,
    );
  }
}

function checkActive(current: OnRecord): void {
  notEnded(current);
  if (current.status === 'suspended') {
    throw new DomainError(
      'LLE_NOT_ACTIVE',
      `The LLE is suspended since ${current.suspension.on} (${current.suspension.reason})`,
    );
  }
}

function checkCluster(cluster: ClusterFacts | undefined, clusterId: string, current: OnRecord): void {
  if (cluster === undefined || cluster.clusterId !== clusterId) {
    throw new DomainError('UNKNOWN_CLUSTER', `There is no cluster ${clusterId}`);
  }
  if (cluster.alliance !== current.designation.alliance) {
    throw new DomainError(
      'CLUSTER_OF_ANOTHER_ALLIANCE',
      `Cluster ${clusterId} belongs to ${cluster.alliance}; the LLE is designated in ${current.designation.alliance}`,
    );
  }
}

export function checkEndReason(reason: EndReason, note: string | undefined): void {
  checkReason(END_REASONS, reason, note, 'end');
}

/** A known reason code; 'other' needs a note saying what it is. */
function checkReason(
  reasons: readonly (SuspensionReason | EndReason)[],
  reason: string,
  note: string | undefined,
  what: 'suspension' | 'end',
): void {
  if (!(reasons as readonly string[]).includes(reason)) {
    throw new DomainError(
      'DESIGNATION_REASON_INVALID',
      `The reasons for a designation's ${what} are ${reasons.join(', ')}`,
    );
  }
  if (reason === 'other' && !note?.trim()) {
    throw new DomainError('REASON_REQUIRED', `Say what the other reason for the ${what} is in a note`);
  }
}

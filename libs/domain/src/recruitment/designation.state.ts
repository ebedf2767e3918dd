import type { AllianceCode } from '../alliances/alliances';
import type { LocalDate } from '../shared/calendar';
import type { EndReason, LLEDesignationEvent, SuspensionReason } from './designation.events';

export interface LLEDesignation {
  readonly lleId: string;
  readonly applicationId: string;
  readonly alliance: AllianceCode;
  readonly schoolUrn: number;
  readonly from: LocalDate;
  readonly reviewOn: LocalDate;
  readonly daysPerAcademicYear: number;
}

/** Days on which the LLE could be placed: from `from`, up to but not including `until` (open while unset). */
export interface ActivePeriod {
  readonly from: LocalDate;
  readonly until?: LocalDate;
}

interface OnRecord {
  /** The current (or last) designation. */
  readonly designation: LLEDesignation;
  /** Every active period of every designation of this person, oldest first. */
  readonly activePeriods: readonly ActivePeriod[];
  /** Applications this person has been designated from; each designates once. */
  readonly applicationIds: readonly string[];
  readonly clusterId?: string;
}

export type LLEDesignationState =
  | { readonly status: 'none' }
  | ({ readonly status: 'active' } & OnRecord)
  | ({
      readonly status: 'suspended';
      readonly suspension: {
        readonly reason: SuspensionReason;
        readonly note?: string;
        readonly on: LocalDate;
      };
    } & OnRecord)
  | ({
      readonly status: 'ended';
      readonly ending: { readonly reason: EndReason; readonly note?: string; readonly on: LocalDate };
    } & OnRecord);

export const initialLLEDesignationState = (): LLEDesignationState => ({ status: 'none' });

export function evolveLLEDesignation(
  state: LLEDesignationState,
  event: LLEDesignationEvent,
): LLEDesignationState {
  switch (event.type) {
    case 'LLEDesignated': {
      const { lleId, applicationId, alliance, schoolUrn, from, reviewOn, daysPerAcademicYear } = event.data;
      const past = state.status === 'none' ? { activePeriods: [], applicationIds: [] } : state;
      return {
        status: 'active',
        designation: { lleId, applicationId, alliance, schoolUrn, from, reviewOn, daysPerAcademicYear },
        activePeriods: [...closePeriods(past.activePeriods, from), { from }],
        applicationIds: [...past.applicationIds, applicationId],
      };
    }
    case 'LLEDesignationSuspended': {
      if (state.status !== 'active') return state;
      const { reason, note, suspendedOn } = event.data;
      return {
        ...withoutStatus(state),
        status: 'suspended',
        activePeriods: closePeriods(state.activePeriods, suspendedOn),
        suspension: { reason, ...(note !== undefined ? { note } : {}), on: suspendedOn },
      };
    }
    case 'LLEDesignationReinstated': {
      if (state.status !== 'suspended') return state;
      const { reinstatedOn } = event.data;
      const from = reinstatedOn > state.designation.from ? reinstatedOn : state.designation.from;
      return {
        ...withoutStatus(state),
        status: 'active',
        activePeriods: [...state.activePeriods, { from }],
      };
    }
    case 'LLEDesignationEnded': {
      if (state.status !== 'active' && state.status !== 'suspended') return state;
      const { reason, note, endedOn } = event.data;
      const { clusterId: _, ...rest } = withoutStatus(state);
      return {
        ...rest,
        status: 'ended',
        activePeriods: closePeriods(state.activePeriods, endedOn),
        ending: { reason, ...(note !== undefined ? { note } : {}), on: endedOn },
      };
    }
    case 'LLEAssignedToCluster':
      if (state.status === 'none') return state;
      return { ...state, clusterId: event.data.clusterId };
    case 'LLEMovedBetweenClusters':
      if (state.status === 'none') return state;
      return { ...state, clusterId: event.data.toClusterId };
    default:
      return state;
  }
}

/** Closes an open period on a date; a period that would close before it opens never was. */
function closePeriods(periods: readonly ActivePeriod[], on: LocalDate): ActivePeriod[] {
  return periods.flatMap((period) => {
    if (period.until !== undefined) return [period];
    return on > period.from ? [{ from: period.from, until: on }] : [];
  });
}

function withoutStatus(state: Exclude<LLEDesignationState, { status: 'none' }>): OnRecord {
  const { designation, activePeriods, applicationIds, clusterId } = state;
  return { designation, activePeriods, applicationIds, ...(clusterId !== undefined ? { clusterId } : {}) };
}

/**
 * What brokerage needs to know of an LLE (their folded designation stream): whether they can be placed, on
 * which dates, by which alliance, which school they lead (never a recipient of their own support), and how
 * many days a year they can give.
 */
export interface LLEFacts {
  readonly lleId: string;
  readonly status: 'active' | 'suspended' | 'ended';
  readonly alliance: AllianceCode;
  readonly schoolUrn: number;
  readonly daysPerAcademicYear: number;
  readonly reviewOn: LocalDate;
  readonly clusterId?: string;
  readonly activePeriods: readonly ActivePeriod[];
}

export function lleFacts(state: LLEDesignationState): LLEFacts | undefined {
  if (state.status === 'none') return undefined;
  const { lleId, alliance, schoolUrn, daysPerAcademicYear, reviewOn } = state.designation;
  return {
    lleId,
    status: state.status,
    alliance,
    schoolUrn,
    daysPerAcademicYear,
    reviewOn,
    ...(state.clusterId !== undefined ? { clusterId: state.clusterId } : {}),
    activePeriods: state.activePeriods,
  };
}

/** Whether the LLE could be placed on a date: inside an active period, so neither suspended nor ended. */
export function isLLEActiveOn(facts: Pick<LLEFacts, 'activePeriods'>, date: LocalDate): boolean {
  return facts.activePeriods.some(
    (period) => period.from <= date && (period.until === undefined || date < period.until),
  );
}

import type { LLEFacts } from '../recruitment/designation.state';
import type { CommandMetadata, Role } from '../shared/command';
import { fold } from '../shared/decider';
import { DEFAULT_BROKERAGE_RULES } from './brokerage-rules';
import type { BrokerPlacement, LLECommitmentsContext } from './lle-commitments.commands';
import type { PlacementBrokered } from './lle-commitments.events';
import type { PlacementOpened } from './placement.events';
import type { BrokerageSchoolFacts } from './support-request.commands';
import { supportRequestDecider } from './support-request.decider';
import type { SupportRequested } from './support-request.events';
import { supportRequestFacts, type SupportRequestFacts } from './support-request.state';

/**
 * Test data shared by the brokerage specs (not exported from the library): one active LLE of CATSA who leads
 * a primary school, a request from the local authority for another primary school, and its placement of
 * 6 days (12 half-days) from October 2027 to March 2028.
 */
export const ids = {
  lle: 'person-lle-1',
  otherLle: 'person-lle-2',
  deputy: 'person-deputy-1',
  request: 'request-1',
  placement: 'placement-1',
  cluster: 'cluster-1',
};

export const LLE_SCHOOL_URN = 136512;
export const RECIPIENT_URN = 110123;

export function metadata(now: string, subject = 'broker-1', role: Role = 'broker'): CommandMetadata {
  return {
    now: new Date(now),
    actor: { subject, role, alliance: 'CATSA' },
    correlationId: 'corr-1',
    causationId: 'cause-1',
  };
}

export const rules = DEFAULT_BROKERAGE_RULES;

/** Brokered on this day; the placement runs from START to END. */
export const BROKERING = '2027-09-15T10:00:00Z';
export const START = '2027-10-01';
export const END = '2028-03-31';

export const lle: LLEFacts = {
  lleId: ids.lle,
  status: 'active',
  alliance: 'CATSA',
  schoolUrn: LLE_SCHOOL_URN,
  daysPerAcademicYear: 12,
  reviewOn: '2030-04-20',
  clusterId: ids.cluster,
  activePeriods: [{ from: '2027-04-20' }],
};

export const recipient: BrokerageSchoolFacts = { urn: RECIPIENT_URN, phase: 'Primary', status: 'Open' };

export function requested(requestId = ids.request): SupportRequested {
  return {
    type: 'SupportRequested',
    data: {
      requestId,
      alliance: 'CATSA',
      requestingBody: { kind: 'local_authority', laCode: '873' },
      recipientUrn: RECIPIENT_URN,
      need: 'A new head needs coaching on leading teaching and learning',
      phase: 'Primary',
      preferredStart: START,
      halfDaysHopedFor: 12,
      requestedOn: '2027-09-01',
    },
  };
}

export function requestFacts(requestId = ids.request): SupportRequestFacts {
  return supportRequestFacts(fold(supportRequestDecider, [requested(requestId)]))!;
}

export const commitmentsContext: LLECommitmentsContext = {
  rules,
  lle,
  recipient,
  request: requestFacts(),
};

export const objectives = [
  { objectiveId: 'obj-1', description: 'The head leads a cycle of lesson observations' },
  { objectiveId: 'obj-2', description: 'The senior team owns the improvement plan' },
];

export function broker(data: Partial<BrokerPlacement['data']> = {}, now = BROKERING): BrokerPlacement {
  return {
    type: 'BrokerPlacement',
    data: {
      placementId: ids.placement,
      requestId: ids.request,
      lleId: ids.lle,
      halfDaysAgreed: 12,
      startDate: START,
      endPoint: { date: END, description: 'The head leads observations without support' },
      dayRatePence: 45_000,
      lleSchoolShareBps: 6_000,
      objectives,
      ...data,
    },
    metadata: metadata(now),
  };
}

export function brokered(data: Partial<PlacementBrokered['data']> = {}): PlacementBrokered {
  return {
    type: 'PlacementBrokered',
    data: {
      placementId: ids.placement,
      requestId: ids.request,
      lleId: ids.lle,
      alliance: 'CATSA',
      lleSchoolUrn: LLE_SCHOOL_URN,
      recipientUrn: RECIPIENT_URN,
      requestingBody: { kind: 'local_authority', laCode: '873' },
      phase: 'Primary',
      startDate: START,
      endPoint: { date: END, description: 'The head leads observations without support' },
      academicYear: '2027/28',
      halfDaysAgreed: 12,
      dayRatePence: 45_000,
      lleSchoolShareBps: 6_000,
      objectives,
      guidelineHalfDays: 12,
      capacityHalfDays: 24,
      committedHalfDaysBefore: 0,
      brokeredOn: '2027-09-15',
      ...data,
    },
  };
}

export function opened(data: Partial<PlacementBrokered['data']> = {}): PlacementOpened {
  return { type: 'PlacementOpened', data: brokered(data).data };
}

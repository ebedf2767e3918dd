import type { AllianceCode } from '../alliances/alliances';
import type { SchoolRecord } from '../schools/school';
import type { LocalDate } from '../shared/calendar';
import type { Command, CommandMetadata } from '../shared/command';
import type { PlacementBrokered } from './lle-commitments.events';
import type { RequestingBody } from './support-request.events';

export type RequestSupport = Command<
  'RequestSupport',
  {
    requestId: string;
    alliance: AllianceCode;
    requestingBody: RequestingBody;
    recipientUrn: number;
    need: string;
    phase: string;
    preferredStart: LocalDate;
    halfDaysHopedFor: number;
  }
>;
export type DeclineSupportRequest = Command<'DeclineSupportRequest', { requestId: string; reason: string }>;
export type WithdrawSupportRequest = Command<
  'WithdrawSupportRequest',
  { requestId: string; reason?: string }
>;
/** Sent by the edge (or its reactor) after PlacementBrokered: see `recordRequestBrokeredFrom`. */
export type RecordRequestBrokered = Command<
  'RecordRequestBrokered',
  { requestId: string; placementId: string; lleId: string }
>;

export type SupportRequestCommand =
  RequestSupport | DeclineSupportRequest | WithdrawSupportRequest | RecordRequestBrokered;

export function supportRequestStreamId(requestId: string): string {
  return `support-request-${requestId}`;
}

/** What brokerage needs of a school (its folded `school-<urn>` stream): is it there, open, and its phase. */
export interface BrokerageSchoolFacts {
  readonly urn: number;
  readonly phase: string;
  readonly status: string;
}

export function brokerageSchoolFacts(record: SchoolRecord): BrokerageSchoolFacts {
  return { urn: record.urn, phase: record.phase, status: record.status };
}

/**
 * Looked up at the edge before deciding RequestSupport (undefined when not found, refused as unknown):
 * - `recipient`: the recipient school's facts;
 * - `requestingSchool`: the requesting school's facts, when a school other than the recipient asks.
 */
export interface SupportRequestContext {
  readonly recipient?: BrokerageSchoolFacts;
  readonly requestingSchool?: BrokerageSchoolFacts;
}

/** The second append of brokering: the request, marked brokered from the commitments stream's event. */
export function recordRequestBrokeredFrom(
  brokered: PlacementBrokered,
  metadata: CommandMetadata,
): RecordRequestBrokered {
  const { requestId, placementId, lleId } = brokered.data;
  return { type: 'RecordRequestBrokered', data: { requestId, placementId, lleId }, metadata };
}

import { isAllianceCode } from '../alliances/alliances';
import { dateInEngland, isLocalDate } from '../shared/calendar';
import { assertNever, type Decider } from '../shared/decider';
import { DomainError } from '../shared/domain-error';
import { isBlank, isPositiveWholeNumber, requestNotWaiting } from './checks';
import type {
  BrokerageSchoolFacts,
  DeclineSupportRequest,
  RecordRequestBrokered,
  RequestSupport,
  SupportRequestCommand,
  SupportRequestContext,
  WithdrawSupportRequest,
} from './support-request.commands';
import { REQUESTING_BODY_KINDS, type SupportRequestEvent } from './support-request.events';
import {
  evolveSupportRequest,
  initialSupportRequestState,
  supportRequestFile,
  type SupportRequestState,
} from './support-request.state';

export const supportRequestDecider: Decider<
  SupportRequestCommand,
  SupportRequestEvent,
  SupportRequestState,
  SupportRequestContext
> = {
  initialState: initialSupportRequestState,
  evolve: evolveSupportRequest,
  decide(command, state, context) {
    switch (command.type) {
      case 'RequestSupport':
        return requestSupport(command, state, context);
      case 'DeclineSupportRequest':
        return declineSupportRequest(command, state);
      case 'WithdrawSupportRequest':
        return withdrawSupportRequest(command, state);
      case 'RecordRequestBrokered':
        return recordRequestBrokered(command, state);
      default:
        return assertNever(command);
    }
  },
};

function requestSupport(
  command: RequestSupport,
  state: SupportRequestState,
  context: SupportRequestContext,
): SupportRequestEvent[] {
  const request = supportRequestFile(command.data);
  const { requestId, alliance, recipientUrn, need, phase, preferredStart, halfDaysHopedFor } = request;
  if (state.status !== 'none') {
    if (JSON.stringify(state.request) === JSON.stringify(request)) return [];
    throw new DomainError('REQUEST_ALREADY_EXISTS', `Request ${requestId} already exists`, 'conflict');
  }
  if (!isAllianceCode(alliance)) {
    throw new DomainError('UNKNOWN_ALLIANCE', `There is no alliance ${String(alliance)}`);
  }
  const recipient = knownSchool(context.recipient, recipientUrn, 'recipient');
  if (recipient.status === 'Closed') {
    throw new DomainError('RECIPIENT_CLOSED', `School ${recipientUrn} is closed and cannot receive support`);
  }
  checkRequestingBody(command.data.requestingBody, recipient, context.requestingSchool);
  if (isBlank(need)) throw new DomainError('NEED_REQUIRED', 'Say what support the recipient needs');
  if (isBlank(phase)) throw new DomainError('PHASE_REQUIRED', 'Say which phase the support is for');
  if (!isLocalDate(preferredStart)) {
    throw new DomainError('DATE_INVALID', `The preferred start ${String(preferredStart)} is not a date`);
  }
  if (!isPositiveWholeNumber(halfDaysHopedFor)) {
    throw new DomainError(
      'DAYS_INVALID',
      `The days hoped for are counted in half-days, a whole number above zero, not ${String(halfDaysHopedFor)}`,
    );
  }
  return [
    {
      type: 'SupportRequested',
      data: { ...request, requestedOn: dateInEngland(command.metadata.now) },
    },
  ];
}

function checkRequestingBody(
  body: RequestSupport['data']['requestingBody'],
  recipient: BrokerageSchoolFacts,
  requestingSchool: BrokerageSchoolFacts | undefined,
): void {
  if (!(REQUESTING_BODY_KINDS as readonly string[]).includes(body.kind)) {
    throw new DomainError(
      'REQUESTING_BODY_INVALID',
      `A requesting body is a ${REQUESTING_BODY_KINDS.join(', a ')}`,
    );
  }
  switch (body.kind) {
    case 'school':
      if (body.urn !== recipient.urn) knownSchool(requestingSchool, body.urn, 'requesting school');
      return;
    case 'local_authority':
      if (typeof body.laCode !== 'string' || !/^\d{3}$/.test(body.laCode)) {
        throw new DomainError(
          'REQUESTING_BODY_INVALID',
          `A local authority is named by its three-digit code, not ${String(body.laCode)}`,
        );
      }
      return;
    case 'diocese':
      if (isBlank(body.diocese)) {
        throw new DomainError('REQUESTING_BODY_INVALID', 'Name the diocese that asks for support');
      }
      return;
    default:
      return assertNever(body);
  }
}

function knownSchool(
  facts: BrokerageSchoolFacts | undefined,
  urn: number,
  what: string,
): BrokerageSchoolFacts {
  if (facts === undefined || facts.urn !== urn) {
    throw new DomainError('UNKNOWN_SCHOOL', `There is no school ${urn} (the ${what})`);
  }
  return facts;
}

function declineSupportRequest(
  command: DeclineSupportRequest,
  state: SupportRequestState,
): SupportRequestEvent[] {
  const { requestId, reason } = command.data;
  const current = onRecord(state, requestId);
  if (current.status === 'declined' && current.reason === reason) return [];
  waiting(current);
  if (isBlank(reason)) throw new DomainError('REASON_REQUIRED', 'Declining a request needs a reason');
  return [
    {
      type: 'SupportRequestDeclined',
      data: { requestId, reason, declinedOn: dateInEngland(command.metadata.now) },
    },
  ];
}

function withdrawSupportRequest(
  command: WithdrawSupportRequest,
  state: SupportRequestState,
): SupportRequestEvent[] {
  const { requestId, reason } = command.data;
  const current = onRecord(state, requestId);
  if (current.status === 'withdrawn') return [];
  waiting(current);
  return [
    {
      type: 'SupportRequestWithdrawn',
      data: {
        requestId,
        ...(reason !== undefined && !isBlank(reason) ? { reason } : {}),
        withdrawnOn: dateInEngland(command.metadata.now),
      },
    },
  ];
}

/**
 * The second append of brokering. A retry is a no-op; a request no longer waiting (withdrawn, declined, or
 * brokered by another placement in the same moment) is refused, and the edge then ends the placement it
 * just brokered early, which releases the LLE's days (see lle-commitments.commands.ts).
 */
function recordRequestBrokered(
  command: RecordRequestBrokered,
  state: SupportRequestState,
): SupportRequestEvent[] {
  const { requestId, placementId, lleId } = command.data;
  const current = onRecord(state, requestId);
  if (current.status === 'brokered' && current.placementId === placementId) return [];
  waiting(current);
  return [
    {
      type: 'SupportRequestBrokered',
      data: { requestId, placementId, lleId, brokeredOn: dateInEngland(command.metadata.now) },
    },
  ];
}

type OnRecord = Exclude<SupportRequestState, { status: 'none' }>;

function onRecord(state: SupportRequestState, requestId: string): OnRecord {
  if (state.status === 'none') {
    throw new DomainError('REQUEST_NOT_FOUND', `There is no request ${requestId}`, 'not_found');
  }
  return state;
}

function waiting(current: OnRecord): void {
  if (current.status !== 'waiting') throw requestNotWaiting(current.request.requestId, current.status);
}

import type { AllianceCode } from '../alliances/alliances';
import type { LocalDate } from '../shared/calendar';
import type { RequestingBody, SupportRequested, SupportRequestEvent } from './support-request.events';

export interface SupportRequestFile {
  readonly requestId: string;
  readonly alliance: AllianceCode;
  readonly requestingBody: RequestingBody;
  readonly recipientUrn: number;
  readonly need: string;
  readonly phase: string;
  readonly preferredStart: LocalDate;
  readonly halfDaysHopedFor: number;
}

export type SupportRequestState =
  | { readonly status: 'none' }
  | { readonly status: 'waiting'; readonly request: SupportRequestFile }
  | {
      readonly status: 'brokered';
      readonly request: SupportRequestFile;
      readonly placementId: string;
      readonly lleId: string;
    }
  | { readonly status: 'declined'; readonly request: SupportRequestFile; readonly reason: string }
  | { readonly status: 'withdrawn'; readonly request: SupportRequestFile; readonly reason?: string };

export const initialSupportRequestState = (): SupportRequestState => ({ status: 'none' });

export function evolveSupportRequest(
  state: SupportRequestState,
  event: SupportRequestEvent,
): SupportRequestState {
  switch (event.type) {
    case 'SupportRequested':
      if (state.status !== 'none') return state;
      return { status: 'waiting', request: supportRequestFile(event.data) };
    case 'SupportRequestDeclined':
      if (state.status !== 'waiting') return state;
      return { status: 'declined', request: state.request, reason: event.data.reason };
    case 'SupportRequestWithdrawn': {
      if (state.status !== 'waiting') return state;
      const { reason } = event.data;
      return { status: 'withdrawn', request: state.request, ...(reason !== undefined ? { reason } : {}) };
    }
    case 'SupportRequestBrokered': {
      if (state.status !== 'waiting') return state;
      const { placementId, lleId } = event.data;
      return { status: 'brokered', request: state.request, placementId, lleId };
    }
    default:
      return state;
  }
}

export function supportRequestFile(data: Omit<SupportRequested['data'], 'requestedOn'>): SupportRequestFile {
  const { requestId, alliance, requestingBody, recipientUrn, need, phase, preferredStart, halfDaysHopedFor } =
    data;
  return {
    requestId,
    alliance,
    requestingBody: copyRequestingBody(requestingBody),
    recipientUrn,
    need,
    phase,
    preferredStart,
    halfDaysHopedFor,
  };
}

export function copyRequestingBody(body: RequestingBody): RequestingBody {
  switch (body.kind) {
    case 'school':
      return { kind: 'school', urn: body.urn };
    case 'local_authority':
      return { kind: 'local_authority', laCode: body.laCode };
    default:
      return { kind: 'diocese', diocese: body.diocese };
  }
}

/**
 * What brokering and matching need to know of a request (its folded stream): where it waits, for whom,
 * who asks and pays, and whether it is still waiting.
 */
export interface SupportRequestFacts extends SupportRequestFile {
  readonly status: Exclude<SupportRequestState['status'], 'none'>;
  /** The placement that met it, once brokered. */
  readonly placementId?: string;
}

export function supportRequestFacts(state: SupportRequestState): SupportRequestFacts | undefined {
  if (state.status === 'none') return undefined;
  return {
    ...state.request,
    status: state.status,
    ...(state.status === 'brokered' ? { placementId: state.placementId } : {}),
  };
}
